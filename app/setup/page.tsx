import type { Metadata } from 'next';
import { SetupForm } from './setup-form';

export const metadata: Metadata = { title: 'Create the owner account · TaskMaster' };

export default function SetupPage() {
  return <SetupForm />;
}
