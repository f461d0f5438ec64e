import type { Metadata } from 'next';
import { NodeCatalogue } from './components/node-catalogue';

export const metadata: Metadata = { title: 'Steps · TaskMaster' };

export default function NodesPage() {
  return <NodeCatalogue />;
}
