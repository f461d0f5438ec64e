/**
 * What the Chart view of a step's output draws: which columns can label the bars and which
 * hold numbers, sensible first choices, and the points and axis of the chart. Plain data in,
 * plain data out: tests/unit/ui/chart-data.test.ts.
 */

type Row = Record<string, unknown>;

export type ChartKind = 'bar' | 'line';

/** Label choice meaning "Item 1, Item 2…" instead of a column. */
export const ITEM_NUMBER = '';

export interface ChartSetup {
  kind: ChartKind;
  /** Column whose values name the bars, or ITEM_NUMBER. */
  label: string;
  /** Column whose numbers set the bar heights. */
  value: string;
}

export interface ChartPoint {
  label: string;
  value: number;
}

/** A number, or text that is one ("12.5"); anything else is not. */
export function asNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const n = Number(value.trim());
  return Number.isFinite(n) ? n : null;
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;
const ID_LIKE = /(^id$|_id$|Id$)/;

export interface ChartColumns {
  /** Columns with text or numbers in them: possible labels. */
  labels: string[];
  /** Columns whose every value that is there is a number: possible values. */
  numbers: string[];
}

export function chartColumns(items: Row[]): ChartColumns {
  const seen: string[] = [];
  for (const item of items) for (const key of Object.keys(item)) if (!seen.includes(key)) seen.push(key);
  const values = (column: string) => items.map((item) => item[column]).filter(present);
  const labels = seen.filter((c) => {
    const vs = values(c);
    return vs.length > 0 && vs.every((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean');
  });
  const numbers = seen.filter((c) => {
    const vs = values(c);
    return vs.length > 0 && vs.every((v) => asNumber(v) !== null);
  });
  return { labels, numbers };
}

/**
 * First choices: the first text column as the label (else the item number), the first column
 * of numbers that is not an id as the value, and a line when the labels are dates.
 */
export function defaultSetup(items: Row[]): ChartSetup | null {
  const { labels, numbers } = chartColumns(items);
  const label = labels.find((c) => !numbers.includes(c)) ?? ITEM_NUMBER;
  const value = numbers.find((c) => c !== label && !ID_LIKE.test(c)) ?? numbers.find((c) => c !== label);
  if (value === undefined) return null;
  const dates = label !== ITEM_NUMBER && items.every((item) => !present(item[label]) || ISO_DATE.test(String(item[label])));
  return { kind: dates ? 'line' : 'bar', label, value };
}

/** One point per item with a number in the value column; `offset` numbers items of later pages. */
export function chartPoints(items: Row[], setup: Pick<ChartSetup, 'label' | 'value'>, offset = 0): ChartPoint[] {
  const points: ChartPoint[] = [];
  items.forEach((item, i) => {
    const value = asNumber(item[setup.value]);
    if (value === null) return;
    const raw = setup.label === ITEM_NUMBER ? undefined : item[setup.label];
    points.push({ label: present(raw) ? String(raw) : `Item ${offset + i + 1}`, value });
  });
  return points;
}

export interface Axis {
  min: number;
  max: number;
  ticks: number[];
}

/** A value axis that includes 0 and ends on round numbers, with about `count` steps. */
export function valueAxis(values: number[], count = 4): Axis {
  let low = Math.min(0, ...values);
  let high = Math.max(0, ...values);
  if (low === high) high = low + 1;
  const raw = (high - low) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  low = Math.floor(low / step) * step;
  high = Math.ceil(high / step) * step;
  const ticks: number[] = [];
  // Rounded so 0.1 + 0.2 does not show up as 0.30000000000000004.
  for (let t = low; t <= high + step / 2; t += step) ticks.push(Number(t.toPrecision(12)));
  return { min: low, max: high, ticks };
}

export function formatNumber(n: number): string {
  return n.toLocaleString('en', { maximumFractionDigits: 2 });
}
