/**
 * Load CSV's own parser (nodes/lib/csv-records.ts) against the one it replaced, csv-parse with
 * the options Load CSV used (`relax_quotes`, `relax_column_count`, `bom`, `skip_empty_lines`):
 * the same records, or the same "quote never closed", for generated files of 25, 1,001 and
 * 100,000 rows and for many small malformed texts, however the text is cut into chunks.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parse as parseStream } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CsvRecords, UnclosedQuoteError } from '../../../nodes/lib/csv-records';
import { readCsv, type CsvReadOptions } from '../../../nodes/lib/csv-read';
import { VEGA } from '../../helpers/vega';

/** mulberry32: the same "random" files on every run. */
function random(seed: number): (n: number) => number {
  let a = seed;
  return (n) => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

type Outcome = string[][] | { unclosed: true };

function previous(text: string, delimiter: string, skipEmptyLines: boolean): Outcome {
  try {
    return parse(text, { delimiter, bom: true, skip_empty_lines: skipEmptyLines, relax_column_count: true, relax_quotes: true });
  } catch (error) {
    if ((error as { code?: string }).code === 'CSV_QUOTE_NOT_CLOSED') return { unclosed: true };
    throw error;
  }
}

/** The same through csv-parse's stream, as Load CSV used it (its sync API is slow on large texts). */
async function previousStreamed(text: string, delimiter: string, skipEmptyLines: boolean): Promise<string[][]> {
  const parser = parseStream({ delimiter, bom: true, skip_empty_lines: skipEmptyLines, relax_column_count: true, relax_quotes: true });
  const pieces = Array.from({ length: Math.ceil(text.length / 65536) }, (_, i) => text.slice(i * 65536, (i + 1) * 65536));
  Readable.from(pieces).pipe(parser);
  const records: string[][] = [];
  for await (const record of parser as AsyncIterable<string[]>) records.push(record);
  return records;
}

/** `text` read in pieces that end at `cuts`. */
function ours(text: string, delimiter: string, skipEmptyLines: boolean, cuts: number[]): Outcome {
  const records: string[][] = [];
  const parser = new CsvRecords(delimiter, skipEmptyLines, (cells) => records.push([...cells]));
  let from = 0;
  try {
    for (const to of [...cuts, text.length]) {
      parser.push(text.slice(from, to), to === text.length);
      from = to;
    }
  } catch (error) {
    if (error instanceof UnclosedQuoteError) return { unclosed: true };
    throw error;
  }
  return records;
}

/** A CSV of `rows` rows after a header: quoted cells with delimiters, line breaks and quotes, stray quotes, ragged rows. */
function generated(rows: number, seed: number, newline: string, delimiter = ','): string {
  const pick = random(seed);
  const plain = ['Ada', 'Lovelace', '', ' spaced ', '42', '3.14', 'Zürich', '5" screen', '"5" wide"', 'naïve', '日本'];
  const quoted = ['a, b', `line one${newline}line two`, 'say ""hi""', '', `${delimiter}${delimiter}`, 'x\ry', 'trailing ""'];
  const lines = [['id', 'name', 'note', 'city', 'value'].join(delimiter)];
  for (let row = 0; row < rows; row++) {
    const width = pick(10) === 0 ? 3 + pick(4) : 5;
    const cells = [String(row)];
    for (let c = 1; c < width; c++) cells.push(pick(3) === 0 ? `"${quoted[pick(quoted.length)]}"` : plain[pick(plain.length)]);
    lines.push(cells.join(delimiter));
    if (pick(50) === 0) lines.push('');
  }
  return lines.join(newline) + newline;
}

/** Equal outcomes; on a difference, shows the first record that differs (deep equality of 100,000 records is slow). */
function expectSame(got: Outcome, expected: Outcome): void {
  if (!Array.isArray(got) || !Array.isArray(expected)) return expect(got).toEqual(expected);
  if (JSON.stringify(got) === JSON.stringify(expected)) return;
  const at = got.findIndex((record, i) => JSON.stringify(record) !== JSON.stringify(expected[i]));
  expect({ at, record: got[at] }).toEqual({ at: -1, record: undefined });
  expect(got.length).toBe(expected.length);
}

function cutsOf(length: number, seed: number, count: number): number[] {
  const pick = random(seed);
  return [...new Set(Array.from({ length: count }, () => pick(length + 1)))].sort((a, b) => a - b);
}

describe('Load CSV parser reads as csv-parse did', () => {
  for (const [rows, newline, delimiter] of [
    [25, '\n', ','],
    [1001, '\r\n', ','],
    [1001, '\n', ';'],
    [100_000, '\n', ','],
    [100_000, '\r\n', '\t'],
  ] as const) {
    it(`${rows.toLocaleString('en')} generated rows, ${JSON.stringify(newline)} line breaks, ${JSON.stringify(delimiter)} between cells`, async () => {
      const text = generated(rows, rows, newline, delimiter);
      const expected = await previousStreamed(text, delimiter, true);
      // csv-parse read it, and it holds quoted delimiters, line breaks and quotes, and a stray quote.
      expect(expected.length).toBeGreaterThan(rows);
      const cells = new Set(expected.flat());
      for (const cell of ['a, b', `line one${newline}line two`, 'say "hi"', '5" screen', '"5" wide"', `${delimiter}${delimiter}`])
        expect(cells).toContain(cell);
      // Whole, in 64 KB pieces (as files are read), and cut at random places (also inside "\r\n" and quotes).
      expectSame(ours(text, delimiter, true, []), expected);
      const pieces = Array.from({ length: Math.floor(text.length / 65536) }, (_, i) => (i + 1) * 65536);
      expectSame(ours(text, delimiter, true, pieces), expected);
      expectSame(ours(text, delimiter, true, cutsOf(text.length, rows + 1, Math.min(2000, rows))), expected);
      if (rows <= 1001)
        expectSame(ours(text, delimiter, false, cutsOf(text.length, rows + 2, 50)), await previousStreamed(text, delimiter, false));
    });
  }

  it('reads 20,000 small texts full of stray quotes, mixed line breaks and byte-order marks the same way', () => {
    const pick = random(19);
    const atoms = ['a', 'b', ' ', ',', ',', ';', '"', '"', '""', '\n', '\n', '\r\n', '\r', 'x y', '\uFEFF', 'é'];
    let unclosed = 0;
    let several = 0;
    for (let n = 0; n < 20_000; n++) {
      let text = '';
      for (let k = pick(40); k > 0; k--) text += atoms[pick(atoms.length)];
      const skip = pick(2) === 0;
      const expected = previous(text, ',', skip);
      if (!Array.isArray(expected)) unclosed++;
      else if (expected.length > 2) several++;
      const got = ours(text, ',', skip, cutsOf(text.length, n, pick(4)));
      if (JSON.stringify(got) !== JSON.stringify(expected)) expect({ text, skip, got }).toEqual({ text, skip, got: expected });
    }
    // Both kinds of outcome were compared many times.
    expect(unclosed).toBeGreaterThan(2000);
    expect(several).toBeGreaterThan(4000);
  });

  it('reads airports.csv (quoted names with commas) as csv-parse did', async () => {
    const text = await readFile(path.join(VEGA, 'airports.csv'), 'utf8');
    const expected = previous(text, ',', true) as string[][];
    expect(expected).toHaveLength(3377);
    expectSame(ours(text, ',', true, cutsOf(text.length, 7, 300)), expected);
  });
});

describe('Load CSV reading bytes', () => {
  const options: CsvReadOptions = { delimiter: 'auto', hasHeader: true, encoding: 'utf8', skipEmptyLines: true };

  /** `bytes` as chunks of `size` bytes (cutting through characters of several bytes). */
  async function* chunked(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
    for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
  }

  it('gives the items of 1,001 rows however the bytes arrive, as csv-parse and the header made them', async () => {
    const text = `\uFEFF${generated(1001, 5, '\r\n')}`;
    const records = previous(text, ',', true) as string[][];
    const [header, ...rows] = records;
    const expected = rows
      .filter((row) => !row.every((cell) => cell.trim() === ''))
      .map((row) => {
        const item: Record<string, string> = {};
        for (let i = 0; i < Math.max(row.length, header.length); i++) item[header[i] ?? `column_${i + 1}`] = row[i] ?? '';
        return item;
      });
    for (const size of [1, 3, 4096, 65536]) {
      const result = await readCsv(chunked(Buffer.from(text), size), options, new AbortController().signal);
      expect(result.items).toEqual(expected);
      expect(result.delimiter).toBe(',');
    }
  });

  it('follows a byte-order mark: UTF-16 with its mark, UTF-8 with its mark even when Latin-1 was chosen', async () => {
    const text = 'name,city\r\nAda,Zürich\r\n"Bob, Jr.","Genève\r\nSuisse"\r\n';
    const expected = [
      { name: 'Ada', city: 'Zürich' },
      { name: 'Bob, Jr.', city: 'Genève\r\nSuisse' },
    ];
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const signal = new AbortController().signal;
    expect((await readCsv(chunked(utf16, 5), { ...options, encoding: 'utf16le' }, signal)).items).toEqual(expected);
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    expect((await readCsv(chunked(utf8, 1), { ...options, encoding: 'latin1' }, signal)).items).toEqual(expected);
    const latin1 = Buffer.from(text, 'latin1');
    expect((await readCsv(chunked(latin1, 2), { ...options, encoding: 'latin1' }, signal)).items).toEqual(expected);
  });
});
