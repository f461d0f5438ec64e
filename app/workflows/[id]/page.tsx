import type { Metadata } from 'next';
import { Editor } from './components/editor';

export const metadata: Metadata = { title: 'Editor · TaskMaster' };

/** `?run=<id>` opens that run (links from the notification bell). */
export default async function EditorPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  const { run } = await searchParams;
  return <Editor workflowId={id} openRunId={typeof run === 'string' && run ? run : undefined} />;
}
