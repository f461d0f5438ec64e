'use client';
/** A tracked value over time: one point per run (Recharts; why: app/components/charts/status-bars.tsx). */
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { axisTimeFormat, fullDateSeconds } from '../../lib/format';

interface Point {
  at: string;
  value: number;
  runId: string;
}

function ResultDot(props: { cx?: number; cy?: number; payload?: Point }) {
  const { cx = 0, cy = 0, payload } = props;
  return (
    <circle data-testid="result-point" cx={cx} cy={cy} r={4} fill="#4f46e5" stroke="white" strokeWidth={1.5}>
      {payload && <title>{`${fullDateSeconds(payload.at)}: ${payload.value}`}</title>}
    </circle>
  );
}

export function ResultsChart({ label, points }: { label: string; points: Point[] }) {
  const data = points.map((p, i) => ({ ...p, key: i }));
  // Ticks as fine as the points are close: five runs in one minute must not all read "12:10 PM".
  const times = points.map((p) => new Date(p.at).getTime());
  const tick = axisTimeFormat(times.length ? Math.max(...times) - Math.min(...times) : 0);
  return (
    <figure className="h-72 w-full" aria-label={`${label} over time, one point per run`} data-testid="results-chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 12, bottom: 4, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis
            dataKey="key"
            tickFormatter={(i: number) => (data[i] ? tick.format(new Date(data[i].at)) : '')}
            tick={{ fontSize: 12, fill: '#475569' }}
            minTickGap={24}
          />
          <YAxis domain={['auto', 'auto']} tick={{ fontSize: 12, fill: '#475569' }} width={56} />
          <Tooltip
            labelFormatter={(i) => (data[Number(i)] ? fullDateSeconds(data[Number(i)].at) : '')}
            formatter={(v) => [Number(v).toLocaleString('en'), label]}
          />
          <Line dataKey="value" stroke="#4f46e5" strokeWidth={2} isAnimationActive={false} dot={<ResultDot />} activeDot={{ r: 6 }} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
