/**
 * The data files of the vega-datasets package (public data sets nobody here made), read from
 * disk: the package's own API fetches them from a CDN, and its `exports` hide `data/`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const VEGA = path.join(path.dirname(createRequire(import.meta.url).resolve('vega-datasets')), '..', 'data');

/** Cells of one CSV line, read here rather than by Load CSV so tests of it check against something else. */
function cells(line: string): string[] {
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (char === '"' && quoted && line[i + 1] === '"') cell += line[i++];
    else if (char === '"') quoted = !quoted;
    else if (char === ',' && !quoted) {
      out.push(cell);
      cell = '';
    } else cell += char;
  }
  return [...out, cell];
}

/** A vega CSV file (airports.csv quotes names with commas) as items of text cells. */
export function vegaCsv(name: string): Array<Record<string, unknown>> {
  const [header, ...lines] = readFileSync(path.join(VEGA, name), 'utf8').trim().split('\n');
  const names = cells(header);
  return lines.map((line) => Object.fromEntries(cells(line).map((cell, i) => [names[i], cell])));
}
