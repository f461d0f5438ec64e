import type { Metadata } from 'next';
import { ScheduledView } from './components/scheduled-view';

export const metadata: Metadata = { title: 'Scheduled · TaskMaster' };

export default function ScheduledPage() {
  return <ScheduledView />;
}
