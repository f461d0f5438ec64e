import type { Metadata } from 'next';
import { DashboardView } from './dashboard/components/dashboard-view';

export const metadata: Metadata = { title: 'Dashboard · TaskMaster' };

/** The home page: how the automations are doing. */
export default function Home() {
  return <DashboardView />;
}
