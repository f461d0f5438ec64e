import type { Metadata } from 'next';
import { PluginsView } from './components/plugins-view';

export const metadata: Metadata = { title: 'Plugins · Settings · TaskMaster' };

export default function PluginsPage() {
  return <PluginsView />;
}
