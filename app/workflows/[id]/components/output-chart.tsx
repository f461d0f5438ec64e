'use client';
/**
 * The Chart view of a step's output: bars (or a line) of one column of numbers by a column
 * of labels, both chosen from the items' columns. Drawn with Recharts, as every chart of the app
 * (why Recharts: app/components/charts/status-bars.tsx).
 */
import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import {
  chartColumns,
  chartPoints,
  defaultSetup,
  formatNumber,
  ITEM_NUMBER,
  valueAxis,
  type ChartPoint,
  type ChartSetup,
} from '../lib/chart-data';

interface OutputChartProps {
  items: Array<Record<string, unknown>>;
  /** Position of the first item in the whole output (for "Item 101" on page two). */
  offset: number;
  total: number;
}

const SELECT = 'h-7 rounded-md border border-slate-300 bg-white px-1.5 text-xs';
const COLOUR = '#4f46e5';

export function OutputChart({ items, offset, total }: OutputChartProps) {
  const { labels, numbers } = chartColumns(items);
  const [chosen, setChosen] = useState<ChartSetup | null>(null);
  const fallback = defaultSetup(items);
  // A choice made on one page stays while its columns are there.
  const setup =
    chosen && numbers.includes(chosen.value) && (chosen.label === ITEM_NUMBER || labels.includes(chosen.label)) ? chosen : fallback;

  if (!setup) {
    return (
      <p className="rounded-md border border-dashed border-slate-300 p-3 text-sm text-slate-600" data-testid="output-chart">
        Nothing to draw: a chart needs a column whose values are numbers, and these items have none.
      </p>
    );
  }
  const points = chartPoints(items, setup, offset);
  const change = (part: Partial<ChartSetup>) => setChosen({ ...setup, ...part });

  return (
    <div className="flex flex-col gap-2" data-testid="output-chart">
      <div className="flex flex-wrap items-center gap-3 text-xs text-slate-700">
        <label className="flex items-center gap-1.5">
          Draw
          <select className={SELECT} value={setup.value} onChange={(e) => change({ value: e.target.value })}>
            {numbers.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1.5">
          by
          <select className={SELECT} value={setup.label} onChange={(e) => change({ label: e.target.value })}>
            <option value={ITEM_NUMBER}>item number</option>
            {labels.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1.5">
          as
          <select className={SELECT} value={setup.kind} onChange={(e) => change({ kind: e.target.value as ChartSetup['kind'] })}>
            <option value="bar">bars</option>
            <option value="line">a line</option>
          </select>
        </label>
      </div>
      <ChartSvg points={points} setup={setup} />
      {total > items.length && (
        <p className="text-xs text-slate-600">
          Only the {items.length} items on this page are drawn, not all {total.toLocaleString('en')}.
        </p>
      )}
    </div>
  );
}

function ChartSvg({ points, setup }: { points: ChartPoint[]; setup: ChartSetup }) {
  const axis = valueAxis(points.map((p) => p.value));
  const by = setup.label === ITEM_NUMBER ? 'item number' : setup.label;
  const title = `${setup.kind === 'bar' ? 'Bar chart' : 'Line chart'} of ${setup.value} by ${by}`;
  const data = points.map((p, i) => ({ ...p, key: i }));
  const common = (
    <>
      <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
      <XAxis
        dataKey="key"
        tickFormatter={(i: number) => shorten(data[i]?.label ?? '')}
        tick={{ fontSize: 11, fill: '#475569' }}
        minTickGap={8}
        label={{ value: `${setup.value} by ${by}`, position: 'insideBottom', offset: -2, fontSize: 11, fill: '#64748b' }}
      />
      <YAxis
        domain={[axis.min, axis.max]}
        ticks={axis.ticks}
        tickFormatter={formatNumber}
        tick={{ fontSize: 11, fill: '#475569' }}
        width={52}
      />
      <Tooltip labelFormatter={(i) => data[Number(i)]?.label ?? ''} formatter={(v) => [formatNumber(Number(v)), setup.value]} />
    </>
  );
  return (
    <div role="img" aria-label={title} className="h-60 w-full overflow-hidden rounded-md border border-slate-200 bg-white">
      <ResponsiveContainer width="100%" height="100%">
        {setup.kind === 'bar' ? (
          <BarChart data={data} margin={{ top: 12, right: 12, bottom: 16, left: 0 }} accessibilityLayer={false}>
            {common}
            <Bar dataKey="value" fill={COLOUR} radius={2} isAnimationActive={false} shape={<TestableBar />} />
          </BarChart>
        ) : (
          <LineChart data={data} margin={{ top: 12, right: 12, bottom: 16, left: 0 }} accessibilityLayer={false}>
            {common}
            <Line dataKey="value" stroke={COLOUR} strokeWidth={2} isAnimationActive={false} dot={<TestableDot />} />
          </LineChart>
        )}
      </ResponsiveContainer>
    </div>
  );
}

function shorten(label: string): string {
  return label.length > 12 ? `${label.slice(0, 11)}…` : label;
}

/** Recharts' bar, with the test id and a hover title the old hand-drawn chart had. */
function TestableBar(props: { x?: number; y?: number; width?: number; height?: number; payload?: ChartPoint }) {
  const { x = 0, y = 0, width = 0, height = 0, payload } = props;
  return (
    <rect data-testid="chart-bar" x={x} y={y} width={Math.max(1, width)} height={Math.max(0, height)} fill={COLOUR} rx={2}>
      {payload && <title>{`${payload.label}: ${formatNumber(payload.value)}`}</title>}
    </rect>
  );
}

function TestableDot(props: { cx?: number; cy?: number; payload?: ChartPoint }) {
  const { cx = 0, cy = 0, payload } = props;
  return (
    <circle data-testid="chart-point" cx={cx} cy={cy} r={3} fill={COLOUR}>
      {payload && <title>{`${payload.label}: ${formatNumber(payload.value)}`}</title>}
    </circle>
  );
}
