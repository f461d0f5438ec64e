'use client';
/** The list page's actions as hooks, each refreshing the list and saying what happened. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useToast } from '../../components/toast';
import { downloadText } from '../../lib/download';
import { errorMessage } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';
import { exampleDocument } from './example';

export function useWorkflowActions() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const toast = useToast();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.workflows.list.queryKey() });
  const onError = (error: unknown) => toast(errorMessage(error), 'error');

  const create = useMutation(
    trpc.workflows.create.mutationOptions({
      onSuccess: ({ id }) => {
        void refresh();
        router.push(`/workflows/${id}`);
      },
      onError,
    }),
  );
  const duplicate = useMutation(
    trpc.workflows.duplicate.mutationOptions({
      onSuccess: () => {
        toast('Copy made. It is at the top of the list.', 'success');
        void refresh();
      },
      onError,
    }),
  );
  const rename = useMutation(trpc.workflows.rename.mutationOptions({ onSuccess: () => void refresh(), onError }));
  const remove = useMutation(
    trpc.workflows.delete.mutationOptions({
      onSuccess: () => {
        toast('Workflow deleted.', 'success');
        void refresh();
      },
      onError,
    }),
  );
  const setActive = useMutation(trpc.workflows.setActive.mutationOptions({ onSuccess: () => void refresh(), onError }));

  const exportFile = async (id: string, format: 'json' | 'yaml') => {
    try {
      const file = await queryClient.fetchQuery({ ...trpc.workflows.export.queryOptions({ id, format }), staleTime: 0 });
      downloadText(file.fileName, file.text, format === 'json' ? 'application/json' : 'application/yaml');
    } catch (error) {
      onError(error);
    }
  };

  /** "Untitled workflow", or "Untitled workflow 2", 3…: a list of identical names can't be told apart. */
  const freeName = () => {
    const names = new Set((queryClient.getQueryData(trpc.workflows.list.queryKey()) ?? []).map((w) => w.name));
    let name = 'Untitled workflow';
    for (let n = 2; names.has(name); n++) name = `Untitled workflow ${n}`;
    return name;
  };

  return {
    createBlank: () => create.mutate({ name: freeName() }),
    createExample: () => create.mutate({ document: exampleDocument() }),
    creating: create.isPending,
    duplicate: (id: string) => duplicate.mutate({ id }),
    rename: (id: string, name: string) => rename.mutateAsync({ id, name }),
    remove: (id: string) => remove.mutateAsync({ id }),
    setActive: (id: string, active: boolean) => setActive.mutate({ id, active }),
    exportFile,
    refresh,
  };
}
