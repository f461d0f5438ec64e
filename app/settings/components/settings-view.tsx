'use client';
/** The Settings page: choices for this whole TaskMaster, saved in its database and applied at once. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useMemo, useState } from 'react';
import type { SettingKey } from '@/core/settings-schema';
import { Button } from '../../components/button';
import { useToast } from '../../components/toast';
import type { RouterOutputs } from '../../lib/api-types';
import { errorMessage } from '../../lib/errors';
import { setLeaveGuard } from '../../lib/nav-guard';
import { useTRPC } from '../../lib/trpc';
import { formOf, patchOf, problemsOf, type SettingsForm } from '../lib/form';
import { SettingsSections } from './settings-sections';
import { LoadError } from '../../components/load-error';

export function SettingsView() {
  const trpc = useTRPC();
  const query = useQuery(trpc.settings.get.queryOptions());
  const credentials = useQuery(trpc.credentials.list.queryOptions());

  return (
    <div className="flex-1 relative overflow-y-auto">
      <div className="mx-auto max-w-3xl px-6 py-6">
        <h1 className="text-xl font-semibold">Settings</h1>
        <p className="text-sm text-slate-600">
          Choices for this whole TaskMaster and every workflow in it. Saved changes apply at once, without a restart, unless a setting says
          otherwise.
        </p>
        <p className="mt-2 text-sm text-slate-600">
          Alerts (e-mail, webhook, error workflow when a run fails) are set under{' '}
          <Link href="/alerts" className="rounded text-indigo-700 underline">
            Alerts
          </Link>
          ; extra steps from plugins under{' '}
          <Link href="/settings/plugins" className="rounded text-indigo-700 underline">
            Plugins
          </Link>
          . Who did what, and when, is in the{' '}
          <Link href="/settings/audit" className="rounded text-indigo-700 underline">
            Audit log
          </Link>
          .
        </p>
        <div className="mt-6">
          {query.isPending && <p className="text-sm text-slate-600">Loading the settings…</p>}
          {query.isError && <LoadError what="The settings" error={query.error} onRetry={() => query.refetch()} />}
          {query.data && (
            <SettingsEditor
              // A fresh form whenever the saved settings change (after saving, or another tab saved).
              key={JSON.stringify(query.data.settings)}
              view={query.data}
              mailServers={(credentials.data ?? []).filter((c) => c.type === 'smtp').map((c) => ({ id: c.id, name: c.name }))}
            />
          )}
        </div>
      </div>
    </div>
  );
}

type View = RouterOutputs['settings']['get'];

function SettingsEditor({ view, mailServers }: { view: View; mailServers: Array<{ id: string; name: string }> }) {
  const trpc = useTRPC();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<SettingsForm>(() => formOf(view.settings));
  const [problems, setProblems] = useState<Partial<Record<SettingKey, string>>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const patch = useMemo(() => patchOf(form, view.settings), [form, view.settings]);
  const changed = Object.keys(patch).length > 0;
  const save = useMutation(trpc.settings.update.mutationOptions());
  const prune = useMutation(trpc.settings.pruneNow.mutationOptions());

  useEffect(() => {
    setLeaveGuard(() => changed);
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (changed) event.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      setLeaveGuard(null);
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [changed]);

  const set = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setProblems((p) => ({ ...p, [key]: undefined }));
  };

  const submit = async () => {
    setProblems({});
    setGeneral(null);
    try {
      const saved = await save.mutateAsync(patch);
      const later = 'workerConcurrency' in patch ? ' “Runs at once per worker” applies when a worker next starts.' : '';
      toast(`Settings saved. They apply at once.${later}`, 'success');
      queryClient.setQueryData(trpc.settings.get.queryKey(), saved);
      // Pages that say what is switched off read it from here.
      void queryClient.invalidateQueries({ queryKey: trpc.system.status.queryKey() });
    } catch (error) {
      const message = errorMessage(error);
      const found = problemsOf(message);
      setProblems(found);
      setGeneral(Object.keys(found).length ? 'Some settings need another value: see the messages below.' : message);
    }
  };

  const pruneNow = async () => {
    try {
      const { deletedRuns } = await prune.mutateAsync();
      toast(
        deletedRuns === 0
          ? 'Nothing to clean up: no run is older than the settings keep.'
          : `Deleted ${deletedRuns} old run${deletedRuns === 1 ? '' : 's'}.`,
        'success',
      );
    } catch (error) {
      toast(errorMessage(error), 'error');
    }
  };

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
      aria-label="Settings"
      // The server's messages (in words, per setting) instead of the browser's own bubbles.
      noValidate
    >
      {general && (
        <p role="alert" className="mb-4 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          {general}
        </p>
      )}
      <SettingsSections
        form={form}
        set={set}
        problems={problems}
        defaults={view.defaults}
        mailServers={mailServers}
        publicUrlFromEnvironment={view.publicUrlFromEnvironment}
        // Cleaning up uses the saved rules: with unsaved changes, save first.
        onPruneNow={changed ? undefined : () => void pruneNow()}
        pruning={prune.isPending}
      />
      <div className="sticky bottom-3 mt-6 flex items-center justify-end gap-3 rounded-lg border border-slate-200 bg-white/95 px-5 py-3 shadow-md backdrop-blur">
        <p className="mr-auto text-sm text-slate-600" aria-live="polite">
          {changed ? 'You have unsaved changes.' : 'All changes are saved.'}
        </p>
        <Button
          disabled={!changed || save.isPending}
          onClick={() => {
            setForm(formOf(view.settings));
            setProblems({});
            setGeneral(null);
          }}
        >
          Discard changes
        </Button>
        <Button type="submit" variant="primary" disabled={!changed || save.isPending}>
          {save.isPending ? 'Saving…' : 'Save settings'}
        </Button>
      </div>
    </form>
  );
}
