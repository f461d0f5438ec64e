import type { Metadata } from 'next';
import { ApiReference } from './components/api-reference';

export const metadata: Metadata = { title: 'REST API · TaskMaster' };

export default function ApiDocsPage() {
  return <ApiReference />;
}
