import type { Metadata } from 'next';
import { SharedView } from './components/shared-view';

export const metadata: Metadata = { title: 'Shared workflow · TaskMaster' };

/**
 * A shared workflow, read only. Links that are turned off never reach this page: the web server
 * answers them with a plain 404 page (server/http/share-gate.ts).
 */
export default async function SharePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return <SharedView token={token} />;
}
