'use client';
/** "Active": whether the workflow's triggers (schedule, webhook, file watch…) start it by themselves. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Switch } from '../../../components/switch';
import { useToast } from '../../../components/toast';
import type { Problem } from '../../../lib/api-types';
import { errorMessage, errorProblems } from '../../../lib/errors';
import { plural } from '../../../lib/format';
import { useTRPC } from '../../../lib/trpc';

interface ActiveSwitchProps {
  workflowId: string;
  initial: boolean;
  dirty: boolean;
  /** Triggers use the saved workflow: unsaved changes are saved before turning it on. */
  save: () => Promise<boolean>;
  onProblems: (problems: Problem[]) => void;
  disabled?: boolean;
}

export function ActiveSwitch({ workflowId, initial, dirty, save, onProblems, disabled }: ActiveSwitchProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [active, setActive] = useState(initial);
  const mutation = useMutation(trpc.workflows.setActive.mutationOptions());

  const change = async (next: boolean) => {
    if (next && dirty && !(await save())) return;
    try {
      await mutation.mutateAsync({ id: workflowId, active: next });
      setActive(next);
      void queryClient.invalidateQueries({ queryKey: trpc.workflows.list.queryKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.workflows.triggerInfo.queryKey({ id: workflowId }) });
      toast(next ? 'Active: its triggers now start this workflow by themselves.' : 'Inactive: it runs only when you click Run.', 'success');
    } catch (error) {
      const problems = errorProblems(error);
      if (problems?.length) {
        onProblems(problems);
        toast(`It can't be turned on yet: ${plural(problems.length, 'problem')} to fix. They are marked on the steps.`, 'error');
      } else toast(`It could not be turned ${next ? 'on' : 'off'}: ${errorMessage(error)}`, 'error');
    }
  };

  return (
    <div
      className="flex items-center gap-2"
      title="Active: triggers run this workflow automatically (a schedule, a web request, a new file…). Off: it runs only when you click Run."
    >
      <Switch
        checked={active}
        onChange={(v) => void change(v)}
        label="Active"
        describedBy="active-help"
        disabled={disabled || mutation.isPending}
      />
      {/* Wide screens only: at 1280 px it wrapped into four cramped lines beside the switch; the
          switch's title and aria-describedby still carry it (a hidden description is still read). */}
      <span id="active-help" className="hidden max-w-44 text-xs leading-tight text-slate-500 2xl:inline">
        When on, its trigger starts it by itself
      </span>
    </div>
  );
}
