'use client';
/**
 * Alerts: when to be told (a run fails, works again, is slow, a tracked value crosses a line)
 * and how (the bell, e-mail, a webhook, an error workflow), for every workflow (the default)
 * or one workflow. "Send a test alert" tries the channels as they are filled in.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Send } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Button } from '../../components/button';
import { LoadError } from '../../components/load-error';
import { useToast } from '../../components/toast';
import type { RouterOutputs } from '../../lib/api-types';
import { errorMessage } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';
import { AlertForm } from './alert-form';

type Config = RouterOutputs['alerts']['get']['config'];
type TestResult = RouterOutputs['alerts']['test'];

const CHANNEL_WORDS: Record<TestResult[number]['channel'], string> = {
  'in-app': 'In the app',
  email: 'E-mail',
  webhook: 'Webhook',
  'error-workflow': 'Error workflow',
};

export function AlertsView() {
  const trpc = useTRPC();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [scope, setScope] = useState('*');
  const workflows = useQuery(trpc.workflows.list.queryOptions());
  const saved = useQuery(trpc.alerts.get.queryOptions({ scope }));
  const tracked = useQuery({ ...trpc.results.list.queryOptions({ workflowId: scope }), enabled: scope !== '*' });
  const [config, setConfig] = useState<Config | null>(null);
  const [results, setResults] = useState<TestResult | null>(null);
  useEffect(() => {
    setConfig(saved.data?.config ?? null);
    setResults(null);
  }, [saved.data]);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.alerts.get.queryKey() });
  const save = useMutation(
    trpc.alerts.save.mutationOptions({
      onSuccess: () => (refresh(), toast('Alerts saved.', 'success')),
      onError: (e) => toast(errorMessage(e), 'error'),
    }),
  );
  const reset = useMutation(
    trpc.alerts.reset.mutationOptions({ onSuccess: () => (refresh(), toast('This workflow now uses the default alerts.', 'success')) }),
  );
  const test = useMutation(trpc.alerts.test.mutationOptions({ onSuccess: setResults, onError: (e) => toast(errorMessage(e), 'error') }));

  return (
    <div className="flex-1 overflow-y-auto">
      <div className="mx-auto max-w-3xl space-y-4 px-4 py-6 sm:px-6">
        <div>
          <h1 className="text-xl font-semibold">Alerts</h1>
          <p className="text-sm text-slate-600">
            Be told when a workflow fails, works again, is slow, or a value it tracks goes too high or too low.
          </p>
        </div>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Alerts for
          <select
            className="h-9 rounded-md border border-slate-300 bg-white px-2 text-sm font-normal"
            value={scope}
            onChange={(e) => setScope(e.target.value)}
          >
            <option value="*">Every workflow (the default)</option>
            {(workflows.data ?? []).map((wf) => (
              <option key={wf.id} value={wf.id}>
                {wf.name}
              </option>
            ))}
          </select>
        </label>
        {saved.isError && <LoadError what="The alerts" error={saved.error} onRetry={() => saved.refetch()} />}
        {scope !== '*' && saved.data && (
          <p className="text-sm text-slate-600">
            {saved.data.own ? 'This workflow has its own alerts.' : 'This workflow uses the default alerts. Saving here gives it its own.'}
          </p>
        )}
        {config && (
          <AlertForm
            config={config}
            onChange={setConfig}
            workflows={(workflows.data ?? []).filter((w) => w.id !== scope)}
            tracked={scope === '*' ? [] : (tracked.data ?? [])}
          />
        )}
        {config && (
          <div className="flex flex-wrap gap-2">
            <Button variant="primary" onClick={() => save.mutate({ scope, config })} disabled={save.isPending}>
              Save alerts
            </Button>
            <Button onClick={() => test.mutate({ scope, config })} disabled={test.isPending}>
              <Send aria-hidden className="size-4" /> {test.isPending ? 'Sending…' : 'Send a test alert'}
            </Button>
            {scope !== '*' && saved.data?.own && (
              <Button variant="ghost" onClick={() => reset.mutate({ scope })}>
                Use the default instead
              </Button>
            )}
          </div>
        )}
        {results && (
          <ul
            className="space-y-1 rounded-md border border-slate-200 bg-white p-3 text-sm"
            aria-live="polite"
            data-testid="test-alert-results"
          >
            {results.map((r) => (
              <li key={r.channel} className={r.ok ? 'text-emerald-800' : 'text-red-800'}>
                <strong>{CHANNEL_WORDS[r.channel]}:</strong> {r.ok ? 'sent. ' : 'not sent. '}
                {r.message}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
