'use client';
/** "Test": checks a saved credential works and says what happened in plain words. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { CircleCheck, CircleX, PlugZap } from 'lucide-react';
import { Button } from '../../components/button';
import { errorMessage } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';

export function TestButton({ id, className = '', size = 'md' }: { id: string; className?: string; size?: 'sm' | 'md' }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const test = useMutation(
    trpc.credentials.test.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.credentials.list.queryKey() }),
    }),
  );
  const result = test.data;
  return (
    <div className={`flex min-w-0 items-center gap-2 ${className}`}>
      <Button size={size} onClick={() => test.mutate({ id })} disabled={test.isPending}>
        <PlugZap aria-hidden className="size-4" /> {test.isPending ? 'Testing…' : 'Test'}
      </Button>
      <span role="status" className="min-w-0 text-xs">
        {result && (
          <span className={`flex items-start gap-1 ${result.ok ? 'text-emerald-800' : 'text-red-800'}`}>
            {result.ok ? <CircleCheck aria-hidden className="size-3.5 shrink-0" /> : <CircleX aria-hidden className="size-3.5 shrink-0" />}
            {result.ok ? `It works. ${result.message}` : `It did not work. ${result.message}`}
          </span>
        )}
        {test.isError && <span className="text-red-800">{errorMessage(test.error)}</span>}
      </span>
    </div>
  );
}
