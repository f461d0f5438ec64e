import type { Metadata } from 'next';
import { CredentialsView } from './components/credentials-view';

export const metadata: Metadata = { title: 'Credentials · TaskMaster' };

export default function CredentialsPage() {
  return <CredentialsView />;
}
