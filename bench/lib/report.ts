/**
 * Prints a table and writes bench/results/<name>.json with the figures, the machine and its
 * load average at the start and end of the benchmark (other programs share these cores).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const loadAtStart = os.loadavg();
const round2 = (values: number[]) => values.map((v) => Math.round(v * 100) / 100);

export function machine() {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
  };
}

export type Row = Record<string, string | number | boolean | null>;

export function report(name: string, rows: Row[], extra: Record<string, unknown> = {}): void {
  const loadAverage = { start: round2(loadAtStart), end: round2(os.loadavg()) };
  console.log(`\n## ${name}`);
  console.table(rows);
  console.log(`load average (1/5/15 min) at start ${loadAverage.start.join(' ')}, at end ${loadAverage.end.join(' ')}`);
  const dir = path.join(import.meta.dirname, '..', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ name, at: new Date().toISOString(), machine: machine(), loadAverage, rows, ...extra }, null, 2)}\n`,
  );
  console.log(`(written to ${path.relative(process.cwd(), file)})`);
}

/** x / floor, rounded; '' when there is no floor. */
export function ratio(x: number, floor: number): number | string {
  return floor > 0 ? Math.round((x / floor) * 100) / 100 : '';
}

export const r1 = (x: number) => Math.round(x * 10) / 10;
export const r2 = (x: number) => Math.round(x * 100) / 100;
export const r3 = (x: number) => Math.round(x * 1000) / 1000;
