import type { Metadata } from 'next';
import { Editor } from './components/editor';

export const metadata: Metadata = { title: 'Editor · TaskMaster' };

export default async function EditorPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <Editor workflowId={id} />;
}
