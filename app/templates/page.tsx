import type { Metadata } from 'next';
import { TemplatesView } from './components/templates-view';

export const metadata: Metadata = { title: 'Templates · TaskMaster' };

export default function TemplatesPage() {
  return <TemplatesView />;
}
