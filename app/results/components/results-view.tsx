'use client';
/**
 * Results over time: a value a step collects (a price, a row count), one point per run, as a
 * chart with min / max / last and a table, exportable as CSV. Values are chosen with "Track this
 * value" on a step's output in the editor. Fresh by live run events.
 */
import { useQuery } from '@tanstack/react-query';
import { Download } from 'lucide-react';
import Link from 'next/link';
import { useState } from 'react';
import { Button } from '../../components/button';
import { LoadError } from '../../components/load-error';
import { downloadText } from '../../lib/download';
import { fullDateSeconds } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import { useLiveRefresh } from '../../lib/use-live-refresh';
import { ResultsChart } from './results-chart';

const SELECT = 'h-9 rounded-md border border-slate-300 bg-white px-2 text-sm';

function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function ResultsView() {
  const trpc = useTRPC();
  const list = useQuery(trpc.results.list.queryOptions({}));
  const [chosen, setChosen] = useState('');
  const current = list.data?.find((t) => t.id === chosen) ?? list.data?.[0];
  const series = useQuery({ ...trpc.results.series.queryOptions({ id: current?.id ?? '' }), enabled: Boolean(current) });
  useLiveRefresh([trpc.results.series.queryKey(), trpc.results.list.queryKey()]);
  const points = series.data?.points ?? [];

  const exportCsv = () => {
    if (!current) return;
    const rows = [
      'time,run,value',
      ...points.map((p) => [new Date(String(p.at)).toISOString(), p.runId, String(p.value)].map(csvCell).join(',')),
    ];
    downloadText(`${current.shownAs.replace(/[^\w.-]+/g, '-')}.csv`, `${rows.join('\n')}\n`, 'text/csv');
  };

  return (
    <div className="flex-1 overflow-y-auto">
      <div className="mx-auto max-w-6xl space-y-4 px-4 py-6 sm:px-6">
        <div>
          <h1 className="text-xl font-semibold">Results</h1>
          <p className="text-sm text-slate-600">Values your workflows collect, run after run.</p>
        </div>
        {list.isPending && <p className="text-sm text-slate-600">Loading…</p>}
        {list.isError && <LoadError what="The tracked values" error={list.error} onRetry={() => list.refetch()} />}
        {list.data && list.data.length === 0 && (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">
            Nothing is tracked yet. Open a workflow, run it, click a step and, under its output, choose <strong>Track this value</strong>{' '}
            for a number such as a price or a count. Every run then adds a point here.
          </p>
        )}
        {current && (
          <>
            <div className="flex flex-wrap items-end gap-3">
              <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
                Value
                <select className={SELECT} value={current.id} onChange={(e) => setChosen(e.target.value)}>
                  {list.data!.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.shownAs} ({t.workflowName})
                    </option>
                  ))}
                </select>
              </label>
              <Button onClick={exportCsv} disabled={points.length === 0}>
                <Download aria-hidden className="size-4" /> Export CSV
              </Button>
              <p className="text-sm text-slate-600">
                From step “{current.stepName}”, field <code className="rounded bg-slate-100 px-1">{current.field}</code> of{' '}
                <Link href={`/workflows/${current.workflowId}`} className="rounded text-indigo-700 underline">
                  {current.workflowName}
                </Link>
              </p>
            </div>
            {series.data && (
              <dl className="grid grid-cols-3 gap-3 sm:max-w-md" data-testid="results-summary">
                {(
                  [
                    ['Lowest', series.data.min],
                    ['Highest', series.data.max],
                    ['Last', series.data.last],
                  ] as const
                ).map(([word, value]) => (
                  <div key={word} className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm">
                    <dt className="text-xs text-slate-600">{word}</dt>
                    <dd className="text-lg font-semibold tabular-nums">{value === null ? '—' : value.toLocaleString('en')}</dd>
                  </div>
                ))}
              </dl>
            )}
            <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-label="Chart">
              {points.length === 0 ? (
                <p className="text-sm text-slate-600">No run has recorded this value yet. Run the workflow and its value appears here.</p>
              ) : (
                <ResultsChart label={current.shownAs} points={points.map((p) => ({ ...p, at: String(p.at) }))} />
              )}
            </section>
            {points.length > 0 && (
              <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
                <table className="w-full text-left text-sm">
                  <caption className="sr-only">Recorded values, newest first</caption>
                  <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-600">
                    <tr>
                      <th scope="col" className="px-3 py-2 font-medium">
                        When
                      </th>
                      <th scope="col" className="px-3 py-2 text-right font-medium">
                        {current.shownAs}
                      </th>
                      <th scope="col" className="px-3 py-2 font-medium">
                        Run
                      </th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {[...points].reverse().map((p) => (
                      <tr key={p.runId} data-testid="result-row">
                        <td className="px-3 py-2 whitespace-nowrap">{fullDateSeconds(String(p.at))}</td>
                        <td className="px-3 py-2 text-right tabular-nums">{p.value.toLocaleString('en')}</td>
                        <td className="px-3 py-2">
                          <Link
                            href={`/workflows/${current.workflowId}?run=${encodeURIComponent(p.runId)}`}
                            className="rounded text-indigo-700 hover:underline"
                          >
                            Open run
                          </Link>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </div>
    </div>
  );
}
