import type { Metadata } from 'next';
import { InviteForm } from './invite-form';

export const metadata: Metadata = { title: 'Join TaskMaster' };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return <InviteForm token={token} />;
}
