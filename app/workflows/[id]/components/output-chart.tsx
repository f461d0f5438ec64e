'use client';
/**
 * The Chart view of a step's output: bars (or a line) of one column of numbers by a column
 * of labels, both chosen from the items' columns. Drawn as plain SVG at the panel's width:
 * one chart of one page of items needs no chart library (and its ~10 dependencies).
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import { chartColumns, chartPoints, defaultSetup, formatNumber, ITEM_NUMBER, valueAxis, type ChartPoint, type ChartSetup } from '../lib/chart-data';

interface OutputChartProps {
  items: Array<Record<string, unknown>>;
  /** Position of the first item in the whole output (for "Item 101" on page two). */
  offset: number;
  total: number;
}

const SELECT = 'h-7 rounded-md border border-slate-300 bg-white px-1.5 text-xs';
const HEIGHT = 240;
const MARGIN = { top: 12, right: 12, bottom: 44, left: 52 };
const COLOUR = '#4f46e5';

export function OutputChart({ items, offset, total }: OutputChartProps) {
  const { labels, numbers } = chartColumns(items);
  const [chosen, setChosen] = useState<ChartSetup | null>(null);
  const fallback = defaultSetup(items);
  // A choice made on one page stays while its columns are there.
  const setup = chosen && numbers.includes(chosen.value) && (chosen.label === ITEM_NUMBER || labels.includes(chosen.label)) ? chosen : fallback;

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
        <p className="text-xs text-slate-600">Only the {items.length} items on this page are drawn, not all {total.toLocaleString('en')}.</p>
      )}
    </div>
  );
}

/** The panel's width, followed as it is resized: the chart is drawn at real pixels so its text stays readable. */
function useWidth(): [RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(480);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.max(240, Math.floor(entry.contentRect.width))));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

function ChartSvg({ points, setup }: { points: ChartPoint[]; setup: ChartSetup }) {
  const [ref, width] = useWidth();
  const axis = valueAxis(points.map((p) => p.value));
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const y = (v: number) => MARGIN.top + plotH - ((v - axis.min) / (axis.max - axis.min)) * plotH;
  const slot = plotW / Math.max(1, points.length);
  const x = (i: number) => MARGIN.left + slot * i + slot / 2;
  // Every label when they fit, else every n-th so they do not overlap.
  const every = Math.max(1, Math.ceil(points.length / Math.max(1, Math.floor(plotW / 56))));
  const title = `${setup.kind === 'bar' ? 'Bar chart' : 'Line chart'} of ${setup.value} by ${setup.label === ITEM_NUMBER ? 'item number' : setup.label}`;

  return (
    <div ref={ref} className="w-full overflow-hidden rounded-md border border-slate-200 bg-white">
      <svg width={width} height={HEIGHT} role="img" aria-label={title} className="block text-slate-600">
        {axis.ticks.map((t) => (
          <g key={t}>
            <line x1={MARGIN.left} x2={width - MARGIN.right} y1={y(t)} y2={y(t)} stroke={t === 0 ? '#94a3b8' : '#e2e8f0'} />
            <text x={MARGIN.left - 6} y={y(t)} dy="0.32em" textAnchor="end" fontSize={11} fill="currentColor">
              {formatNumber(t)}
            </text>
          </g>
        ))}
        {setup.kind === 'bar' &&
          points.map((p, i) => {
            const top = Math.min(y(p.value), y(0));
            const barW = Math.max(1, slot * 0.7);
            return (
              <rect key={i} data-testid="chart-bar" x={x(i) - barW / 2} y={top} width={barW} height={Math.abs(y(p.value) - y(0))} fill={COLOUR} rx={2}>
                <title>{`${p.label}: ${formatNumber(p.value)}`}</title>
              </rect>
            );
          })}
        {setup.kind === 'line' && (
          <>
            <polyline fill="none" stroke={COLOUR} strokeWidth={2} points={points.map((p, i) => `${x(i)},${y(p.value)}`).join(' ')} />
            {points.map((p, i) => (
              <circle key={i} data-testid="chart-point" cx={x(i)} cy={y(p.value)} r={3} fill={COLOUR}>
                <title>{`${p.label}: ${formatNumber(p.value)}`}</title>
              </circle>
            ))}
          </>
        )}
        {points.map((p, i) =>
          i % every === 0 ? (
            <text key={i} x={x(i)} y={HEIGHT - MARGIN.bottom + 16} textAnchor="middle" fontSize={11} fill="currentColor">
              {p.label.length > 12 ? `${p.label.slice(0, 11)}…` : p.label}
            </text>
          ) : null,
        )}
        <text x={MARGIN.left + plotW / 2} y={HEIGHT - 6} textAnchor="middle" fontSize={11} fill="#64748b">
          {setup.value} by {setup.label === ITEM_NUMBER ? 'item number' : setup.label}
        </text>
      </svg>
    </div>
  );
}
