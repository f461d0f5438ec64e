'use client';
/**
 * Runs per hour or day, stacked by status. Charts use Recharts: React components (no imperative
 * canvas to wire up), SVG text that stays sharp in screenshots and print, React 19 support and
 * steady releases; ECharts draws on a canvas (text invisible to screen readers and tests) and
 * uPlot needs hand-written React glue. Colours match the status badges and each series also
 * has its name in the legend, so colour is never the only cue.
 */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface StatusBucketPoint {
  at: string;
  succeeded: number;
  failed: number;
  cancelled: number;
  active: number;
}

const SERIES = [
  { key: 'succeeded', name: 'Succeeded', color: '#059669' },
  { key: 'failed', name: 'Failed', color: '#dc2626' },
  { key: 'cancelled', name: 'Cancelled', color: '#d97706' },
  { key: 'active', name: 'Waiting or running', color: '#0284c7' },
] as const;

const hourFormat = new Intl.DateTimeFormat('en', { hour: 'numeric' });
const dayFormat = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric' });

export function StatusBars({ data, by, label }: { data: StatusBucketPoint[]; by: 'hour' | 'day'; label: string }) {
  const format = (iso: string) => (by === 'hour' ? hourFormat : dayFormat).format(new Date(iso));
  return (
    <figure className="h-64 w-full" aria-label={label} data-testid="status-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="at" tickFormatter={format} tick={{ fontSize: 12, fill: '#475569' }} minTickGap={16} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: '#475569' }} />
          <Tooltip
            labelFormatter={(v) =>
              new Date(String(v)).toLocaleString(
                'en',
                by === 'hour' ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' },
              )
            }
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {SERIES.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.name} stackId="runs" fill={s.color} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
