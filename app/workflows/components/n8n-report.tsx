'use client';
/** What the n8n import could not carry over, grouped so a non-programmer can act on it. */
import { CircleAlert, Info } from 'lucide-react';
import type { RouterOutputs } from '../../lib/api-types';
import { plural } from '../../lib/format';

export type N8nReport = RouterOutputs['workflows']['importN8n']['report'];

export function N8nReportView({ report }: { report: N8nReport }) {
  const converted = report.nodes.filter((n) => n.type !== null && n.type !== 'needs-attention').length;
  const notConverted = report.issues.filter((i) => i.severity === 'not-converted');
  const review = report.issues.filter((i) => i.severity === 'review');
  const Section = ({ title, items, tone }: { title: string; items: string[]; tone: 'warn' | 'info' }) =>
    items.length === 0 ? null : (
      <section className="mt-3">
        <h3 className={`flex items-center gap-1.5 text-sm font-medium ${tone === 'warn' ? 'text-amber-900' : 'text-slate-800'}`}>
          {tone === 'warn' ? <CircleAlert aria-hidden className="size-4" /> : <Info aria-hidden className="size-4" />}
          {title}
        </h3>
        <ul className="mt-1 list-disc space-y-1 pl-6 text-sm text-slate-700">
          {items.map((text, i) => (
            <li key={i}>{text}</li>
          ))}
        </ul>
      </section>
    );
  return (
    <div data-testid="n8n-report">
      <p className="text-sm text-slate-800">
        {converted} of {plural(report.nodes.length, 'step')} converted.
        {report.checkBeforeUse
          ? ' Check before use: a part that changes results could not be carried over.'
          : ' Everything that changes results was carried over.'}
      </p>
      <Section
        title={`Needs attention (${report.needsAttention.length})`}
        tone="warn"
        items={report.needsAttention.map((n) => `${n.reason} Until then it stops only the steps after it.`)}
      />
      <Section title={`Left out (${report.leftOut.length})`} tone="warn" items={report.leftOut.map((n) => `"${n.node}": ${n.reason}.`)} />
      <Section
        title={`Connections dropped (${report.droppedConnections.length})`}
        tone="warn"
        items={report.droppedConnections.map((c) => `"${c.from}" → "${c.to}": ${c.reason}.`)}
      />
      <Section
        title={`Not converted (${notConverted.length})`}
        tone="warn"
        items={notConverted.map((i) => `"${i.node}", ${i.field}: ${i.reason}.`)}
      />
      <Section title={`Worth a look (${review.length})`} tone="info" items={review.map((i) => `"${i.node}", ${i.field}: ${i.reason}.`)} />
      <Section title="Also" tone="info" items={report.notes} />
    </div>
  );
}
