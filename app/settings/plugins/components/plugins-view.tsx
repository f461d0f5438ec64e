'use client';
/** Settings → Plugins (owner and admins): installed plugins, their steps and problems; install, turn off, remove. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { Button } from '../../../components/button';
import { LoadError } from '../../../components/load-error';
import { useToast } from '../../../components/toast';
import { errorMessage } from '../../../lib/errors';
import { useTRPC } from '../../../lib/trpc';
import { FeatureNote } from '../../../components/feature-note';
import { FEATURE_OFF_TEXT, useSystemStatus } from '../../../lib/system-status';

interface Problem {
  plugin: string;
  file?: string;
  message: string;
}

interface Plugin {
  name: string;
  version: string;
  description: string;
  source: 'folder' | 'npm';
  disabled: boolean;
  steps: { id: string; displayName: string; category: string; version: number }[];
  credentialTypes: string[];
  problems: Problem[];
}

export function PluginsView() {
  const trpc = useTRPC();
  const query = useQuery(trpc.plugins.list.queryOptions());
  const stepsOff = useSystemStatus().data?.switches.pluginsEnabled === false;
  const data = query.data;
  return (
    <div className="flex-1 overflow-y-auto">
      <div className="mx-auto max-w-4xl space-y-6 px-6 py-6">
        <div>
          <p className="text-sm">
            <Link href="/settings" className="rounded text-indigo-700 underline">
              Settings
            </Link>{' '}
            / Plugins
          </p>
          <h1 className="text-xl font-semibold">Plugins</h1>
          <p className="text-sm text-slate-600">
            Plugins add steps, triggers and credential types to TaskMaster. Their steps appear in the editor’s step list beside the built-in
            ones.
          </p>
        </div>
        <div role="note" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          <strong>Plugins run as trusted code.</strong> A plugin runs inside TaskMaster with all of its rights: it can read the data folder,
          the database and the saved credentials. Install only plugins you trust, like any other software on this server.
        </div>
        {query.isPending && <p className="text-sm text-slate-600">Loading the plugins…</p>}
        {query.isError && <LoadError what="The plugins" error={query.error} onRetry={() => query.refetch()} />}
        {data && !data.enabled && (
          <p className="rounded-md border border-slate-200 bg-white p-4 text-sm">
            Plugins are turned off for this TaskMaster (TASKMASTER_PLUGINS=off): none is loaded and none can be installed.
          </p>
        )}
        {data?.enabled && stepsOff && (
          <FeatureNote testId="feature-off-pluginsEnabled">
            {FEATURE_OFF_TEXT.pluginsEnabled} Plugins stay installed; runs that use their steps stop before their first step.
          </FeatureNote>
        )}
        {data?.enabled && <InstallForm />}
        {data?.enabled && <PluginList plugins={data.plugins} dir={data.dir} />}
        {data && data.problems.some((p) => !data.plugins.some((pl) => pl.name === p.plugin)) && (
          <ProblemList
            title="Folders that could not be read as plugins"
            problems={data.problems.filter((p) => !data.plugins.some((pl) => pl.name === p.plugin))}
          />
        )}
      </div>
    </div>
  );
}

function useRefresh() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: trpc.plugins.list.queryKey() });
    // New or removed steps change the step list (palette and catalogue).
    void queryClient.invalidateQueries({ queryKey: trpc.nodes.catalog.queryKey() });
  };
}

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(new Error('The file could not be read.'));
    reader.readAsDataURL(file);
  });
}

function InstallForm() {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const toast = useToast();
  const done = (result: { name: string; version: string | null; steps: string[]; problems: Problem[] }) => {
    refresh();
    const steps = result.steps.length ? `: ${result.steps.join(', ')}` : '';
    toast(
      `Installed ${result.name}${result.version ? ` ${result.version}` : ''}${steps}.${result.problems.length ? ' It has problems: see below.' : ''}`,
      result.problems.length ? 'error' : 'success',
    );
  };
  const install = useMutation(trpc.plugins.install.mutationOptions({ onSuccess: done }));
  const upload = useMutation(trpc.plugins.upload.mutationOptions({ onSuccess: done }));
  const [spec, setSpec] = useState('');
  const busy = install.isPending || upload.isPending;
  const error = install.error ?? upload.error;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    upload.reset();
    if (await install.mutateAsync({ spec }).catch(() => null)) setSpec('');
  }

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    const file = event.currentTarget.files?.[0];
    event.currentTarget.value = '';
    if (!file) return;
    install.reset();
    await upload.mutateAsync({ fileName: file.name, base64: await readBase64(file) }).catch(() => null);
  }

  return (
    <section aria-labelledby="install-title" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="install-title" className="font-medium">
        Install a plugin
      </h2>
      <p className="text-sm text-slate-600">
        By its npm package name (from the registry this server reaches), or from a .tgz file made with npm pack.
      </p>
      <form onSubmit={submit} className="mt-3 flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="plugin-spec" className="block text-sm font-medium">
            Package name
          </label>
          <input
            id="plugin-spec"
            value={spec}
            onChange={(e) => setSpec(e.target.value)}
            placeholder="tm-plugin-weather"
            required
            className="h-9 w-72 rounded-md border border-slate-300 px-3 text-sm"
          />
        </div>
        <Button type="submit" variant="primary" disabled={busy}>
          {install.isPending ? 'Installing…' : 'Install'}
        </Button>
        <label className="inline-flex h-9 cursor-pointer items-center rounded-md border border-slate-300 px-3 text-sm font-medium hover:bg-slate-50 focus-within:ring-2 focus-within:ring-indigo-500">
          {upload.isPending ? 'Uploading…' : 'Upload a .tgz file…'}
          <input type="file" accept=".tgz,application/gzip" className="sr-only" onChange={choose} disabled={busy} />
        </label>
      </form>
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-800">
          {errorMessage(error)}
        </p>
      )}
    </section>
  );
}

function PluginList({ plugins, dir }: { plugins: Plugin[]; dir: string }) {
  if (plugins.length === 0) {
    return (
      <p className="rounded-md border border-slate-200 bg-white p-4 text-sm text-slate-700">
        No plugins are installed yet. Install one above, or copy a plugin folder into <code className="font-mono">{dir}</code> and restart
        TaskMaster. To write your own, run <code className="font-mono">taskmaster new-step my-step</code> (see docs/plugins.md).
      </p>
    );
  }
  return (
    <section aria-labelledby="installed-title" className="space-y-3">
      <h2 id="installed-title" className="font-medium">
        Installed plugins
      </h2>
      <ul className="space-y-3">
        {plugins.map((plugin) => (
          <PluginCard key={plugin.name} plugin={plugin} />
        ))}
      </ul>
    </section>
  );
}

function PluginCard({ plugin }: { plugin: Plugin }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const toast = useToast();
  const setOff = useMutation(trpc.plugins.setOff.mutationOptions({ onSuccess: refresh, onError: (e) => toast(errorMessage(e), 'error') }));
  const remove = useMutation(trpc.plugins.remove.mutationOptions({ onSuccess: refresh, onError: (e) => toast(errorMessage(e), 'error') }));
  const titleId = `plugin-${plugin.name.replace(/[^A-Za-z0-9-]/g, '-')}`;
  const state = plugin.disabled
    ? 'Turned off'
    : plugin.problems.length
      ? `${plugin.problems.length} problem${plugin.problems.length === 1 ? '' : 's'}`
      : 'On';
  return (
    <li aria-labelledby={titleId} className="rounded-lg border border-slate-200 bg-white p-4" data-testid="plugin-card">
      <div className="flex flex-wrap items-start gap-3">
        <div className="mr-auto">
          <h3 id={titleId} className="font-semibold">
            {plugin.name} <span className="font-normal text-slate-600">{plugin.version}</span>
          </h3>
          <p className="text-sm text-slate-600">
            {plugin.source === 'npm' ? 'npm package' : 'Folder in the plugins folder'} · {state}
          </p>
          {plugin.description && <p className="text-sm">{plugin.description}</p>}
        </div>
        <Button size="sm" disabled={setOff.isPending} onClick={() => setOff.mutate({ name: plugin.name, off: !plugin.disabled })}>
          {plugin.disabled ? 'Turn on' : 'Turn off'}
        </Button>
        <Button
          size="sm"
          variant="danger"
          disabled={remove.isPending}
          onClick={() => {
            if (
              window.confirm(
                `Remove the plugin ${plugin.name}? Workflows that use its steps will show a problem until it is installed again.`,
              )
            )
              remove.mutate({ name: plugin.name });
          }}
        >
          Remove
        </Button>
      </div>
      {plugin.steps.length > 0 && (
        <div className="mt-3">
          <h4 className="text-sm font-medium">Steps</h4>
          <ul className="mt-1 flex flex-wrap gap-2 text-sm">
            {plugin.steps.map((step) => (
              <li key={step.id} className="rounded border border-slate-200 bg-slate-50 px-2 py-0.5">
                {step.displayName}{' '}
                <span className="text-slate-600">
                  ({step.category === 'trigger' ? 'trigger' : 'step'}, version {step.version})
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {plugin.problems.length > 0 && <ProblemList title="Problems" problems={plugin.problems} />}
    </li>
  );
}

function ProblemList({ title, problems }: { title: string; problems: Problem[] }) {
  return (
    <div className="mt-3 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
      <h4 className="font-medium">{title}</h4>
      <ul className="mt-1 list-disc space-y-1 pl-5">
        {problems.map((p, i) => (
          <li key={i}>
            {p.file && <code className="font-mono">{p.file}</code>}
            {p.file && ': '}
            {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
