import type { Metadata } from 'next';
import { ProfilesView } from './components/profiles-view';

export const metadata: Metadata = { title: 'Browser profiles · TaskMaster' };

export default function ProfilesPage() {
  return <ProfilesView />;
}
