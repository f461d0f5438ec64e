'use client';
/** A webhook step's address: copy it, see its test address, and listen for one test request. */
import { useMutation } from '@tanstack/react-query';
import { Copy, Radio, Square, TriangleAlert } from 'lucide-react';
import { useRef, useState } from 'react';
import { Button } from '../../../components/button';
import { useToast } from '../../../components/toast';
import type { RouterOutputs } from '../../../lib/api-types';
import { errorMessage } from '../../../lib/errors';
import { useTRPCClient } from '../../../lib/trpc';
import type { StepNode } from '../lib/types';

type Hook = RouterOutputs['workflows']['triggerInfo']['webhooks'][number];
type Listened = RouterOutputs['workflows']['listenWebhookTest'];

interface WebhookInfoProps {
  workflowId: string;
  node: StepNode;
  hook: Hook | undefined;
  dirty: boolean;
  loading: boolean;
  /** The public address (TASKMASTER_PUBLIC_URL or Settings), or null: the browser's own. */
  publicUrl: string | null;
}

function Address({ label, url, method, base }: { label: string; url: string; method: string; base: string | null }) {
  const toast = useToast();
  const origin = base ?? (typeof window === 'undefined' ? '' : window.location.origin);
  const full = `${origin}${url}`;
  return (
    <div>
      <p className="mb-0.5 text-xs font-medium text-slate-700">{label}</p>
      <div className="flex items-center gap-1">
        <code
          className="min-w-0 flex-1 rounded border break-all border-slate-300 bg-white px-2 py-1 font-mono text-xs"
          title={full}
          data-testid="webhook-url"
        >
          <span className="font-semibold">{method === 'ANY' ? 'Any method' : method}</span> {full}
        </code>
        <Button
          size="sm"
          aria-label={`Copy the ${label.toLowerCase()}`}
          onClick={() => {
            navigator.clipboard.writeText(full).then(
              () => toast('Address copied.', 'success'),
              () => toast('Copying was not allowed here: select the address and copy it by hand.', 'error'),
            );
          }}
        >
          <Copy aria-hidden className="size-3.5" /> Copy
        </Button>
      </div>
    </div>
  );
}

export function WebhookInfo({ workflowId, node, hook, dirty, loading, publicUrl }: WebhookInfoProps) {
  const client = useTRPCClient();
  const abort = useRef<AbortController | null>(null);
  const [result, setResult] = useState<Listened | null>(null);
  const listen = useMutation({
    mutationFn: () => {
      abort.current = new AbortController();
      return client.workflows.listenWebhookTest.mutate({ workflowId, nodeId: node.id }, { signal: abort.current.signal });
    },
    onSuccess: setResult,
  });

  if (loading) return <p className="text-slate-600">Loading the address…</p>;
  if (!hook) return <p className="text-slate-700">Save the workflow to get this step’s web address.</p>;
  return (
    <div className="flex flex-col gap-2">
      <Address label="Address" url={hook.url} method={hook.method} base={publicUrl} />
      <Address label="Test address" url={hook.testUrl} method={hook.method} base={publicUrl} />
      {dirty && <p className="text-xs text-amber-900">These are the saved settings. Save to use what you changed.</p>}
      {hook.problem && (
        <p className="flex gap-1 text-xs text-red-800">
          <TriangleAlert aria-hidden className="mt-0.5 size-3.5 shrink-0" /> {hook.problem}
        </p>
      )}
      <div className="flex items-center gap-2">
        {listen.isPending ? (
          <Button size="sm" onClick={() => abort.current?.abort()}>
            <Square aria-hidden className="size-3" /> Stop listening
          </Button>
        ) : (
          <Button
            size="sm"
            onClick={() => {
              setResult(null);
              listen.mutate();
            }}
            title="Waits up to 2 minutes for one request to the test address and shows what it carried"
          >
            <Radio aria-hidden className="size-3.5" /> Listen for a test request
          </Button>
        )}
        {listen.isPending && (
          <span className="text-xs text-slate-600" role="status">
            Listening… send a request to the test address.
          </span>
        )}
      </div>
      {listen.isError && !abort.current?.signal.aborted && <p className="text-xs text-red-700">{errorMessage(listen.error)}</p>}
      {result && (
        <div role="status">
          <p className="text-xs text-slate-700">{result.message}</p>
          {result.received !== null && (
            <pre className="mt-1 max-h-48 overflow-auto rounded bg-slate-900 p-2 font-mono text-xs text-slate-100">
              {JSON.stringify(result.received, null, 2)}
            </pre>
          )}
        </div>
      )}
    </div>
  );
}
