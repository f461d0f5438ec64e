/** Prints a table and writes bench/results/<name>.json with the figures and the machine. */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function machine() {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
  };
}

export function report(name: string, rows: Array<Record<string, string | number>>, extra: Record<string, unknown> = {}): void {
  console.log(`\n## ${name}`);
  console.table(rows);
  const dir = path.join(import.meta.dirname, '..', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify({ name, at: new Date().toISOString(), machine: machine(), rows, ...extra }, null, 2)}\n`);
  console.log(`(written to ${path.relative(process.cwd(), file)})`);
}
