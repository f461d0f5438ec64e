/**
 * CSV text to records (lists of cells), fed chunk by chunk. It reads CSV exactly as Load CSV's
 * previous parser, csv-parse 7 with `relax_quotes`, `relax_column_count` and `bom`, did (tests
 * compare the two on generated and real files, cut into chunks anywhere), several times faster:
 * 1,000,000 plain rows in 0.3 s where csv-parse took 1.9 s, and 100,000 rows with a quoted cell
 * each in 0.2 s where it took 7–9 s. Load CSV was the slowest stage of a streamed chain, and
 * csv-parse spent its time per byte, and per record (a promise each through its stream).
 *
 * Why not a library: the fast ones (PapaParse, uDSV) read malformed quoting differently from
 * csv-parse's relaxed mode (PapaParse turns `"5" screen",x` into `5" screen` and reports
 * `"ab"c,x` as never closed; uDSV wants well-formed input and line breaks in quotes that match
 * the file's), so switching would change what existing workflows read.
 *
 * The rules, as csv-parse's relaxed mode has them:
 * - The record delimiter is the first line break outside quotes: "\r\n", "\n" or "\r". Other
 *   line-break characters are data.
 * - A quote opens a quoted cell only at the start of a cell; elsewhere it is data ("5" screen).
 * - In a quoted cell, "" is one quote; a quote followed by the delimiter, the record delimiter
 *   or the end closes it. A quote followed by anything else does not: the cell goes on as
 *   unquoted text, keeping its quotes (`"ab"c` stays `"ab"c`).
 * - With `skipEmptyLines`, lines with nothing at all in them are skipped (a line holding only
 *   `""` is a record with one empty cell). A final line break does not make an empty record.
 * - A byte-order mark at the start is not data.
 */

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/** A quoted cell is still open at the end of the text; `line` is where its quote opened. */
export class UnclosedQuoteError extends Error {
  constructor(readonly line: number) {
    super(`A quoted value that starts on line ${line} is never closed.`);
  }
}

export class CsvRecords {
  private readonly delimiter: number;
  /** Found at the first line break outside quotes. */
  private newline: '' | '\n' | '\r' | '\r\n' = '';
  private quoting = false;
  /** The cell was quoted (so even an empty one counts as content). */
  private wasQuoting = false;
  /** The current cell's text from earlier chunks (or before an escaped quote). */
  private field = '';
  private readonly record: string[] = [];
  /** The end of the previous chunk that needs the next character to be read (a quote, a "\r"). */
  private carry = '';
  private started = false;
  /** Line breaks in the chunks before the current one (for the line of an unclosed quote). */
  private linesBefore = 0;
  /** Where the open quoted cell's quote is: the text it is in, its index, the line breaks before that text. */
  private openText = '';
  private openAt = 0;
  private openSkip = 0;
  private openLinesBefore = 0;
  /**
   * `onRecord` gets each record as it is complete, during `push`. The list is reused for the next
   * record (no list per row for the garbage collector): copy what is kept of it.
   */
  constructor(
    delimiter: string,
    private readonly skipEmptyLines: boolean,
    private readonly onRecord: (cells: string[]) => void,
  ) {
    if (delimiter.length !== 1) throw new Error('The delimiter must be one character.');
    this.delimiter = delimiter.charCodeAt(0);
  }

  /** Reads the next piece of text; `last`: nothing follows it. */
  push(chunk: string, last = false): void {
    let text = chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const skip = this.carry.length;
    const s = skip > 0 ? this.carry + text : text;
    this.carry = '';
    this.read(s, last, skip);
    this.linesBefore += countBreaks(text, this.newline);
    if (last) this.finish();
  }

  private read(s: string, last: boolean, skip: number): void {
    const n = s.length;
    const delimiter = this.delimiter;
    let i = 0;
    let start = 0;
    while (i < n) {
      if (this.quoting) {
        const q = s.indexOf('"', i);
        if (q === -1) {
          this.field += s.slice(start, n);
          return;
        }
        // What follows the quote decides; at the end of a chunk, the next chunk has it.
        if (!last && q + 2 >= n) {
          this.field += s.slice(start, q);
          this.carry = s.slice(q);
          return;
        }
        const next = q + 1 < n ? s.charCodeAt(q + 1) : -1;
        if (next === QUOTE) {
          this.field += s.slice(start, q + 1);
          i = q + 2;
          start = i;
          continue;
        }
        this.quoting = false;
        this.wasQuoting = true;
        if (next === -1 || next === delimiter || this.breakAt(s, q + 1) > 0) {
          this.field += s.slice(start, q);
          i = q + 1;
          start = i;
          continue;
        }
        // Not a closing quote: the cell goes on unquoted, its quotes kept.
        this.field = `"${this.field}${s.slice(start, q)}"`;
        i = q + 1;
        start = i;
        continue;
      }
      const c = s.charCodeAt(i);
      if (c === QUOTE && i === start && this.field.length === 0 && !this.wasQuoting) {
        this.quoting = true;
        this.openText = s;
        this.openAt = i;
        this.openSkip = skip;
        this.openLinesBefore = this.linesBefore;
        i++;
        start = i;
        continue;
      }
      if (c === delimiter) {
        this.record.push(this.field.length === 0 ? s.slice(start, i) : this.field + s.slice(start, i));
        this.field = '';
        this.wasQuoting = false;
        i++;
        start = i;
        continue;
      }
      if (c === CR || c === LF) {
        if (!last && i + 1 >= n && c === CR && this.newline !== '\r' && this.newline !== '\n') {
          // "\r" at the end of a chunk: "\r\n" or not is for the next chunk to say.
          this.field += s.slice(start, i);
          this.carry = '\r';
          return;
        }
        const size = this.breakAt(s, i);
        if (size > 0) {
          this.endRecord(s.slice(start, i));
          i += size;
          start = i;
          continue;
        }
      }
      i++;
    }
    this.field += s.slice(start, n);
  }

  /**
   * Length of the record delimiter at `at` (0: none). The first line break found sets it, as
   * csv-parse's discovery does, also when it is looked for after a quote.
   */
  private breakAt(s: string, at: number): number {
    const c = s.charCodeAt(at);
    if (c !== CR && c !== LF) return 0;
    if (this.newline === '') {
      this.newline = c === LF ? '\n' : s.charCodeAt(at + 1) === LF ? '\r\n' : '\r';
    }
    switch (this.newline) {
      case '\n':
        return c === LF ? 1 : 0;
      case '\r':
        return c === CR ? 1 : 0;
      default:
        return c === CR && s.charCodeAt(at + 1) === LF ? 2 : 0;
    }
  }

  private endRecord(rest: string): void {
    if (this.skipEmptyLines && !this.wasQuoting && this.record.length === 0 && this.field.length === 0 && rest.length === 0) return;
    this.record.push(this.field.length === 0 ? rest : this.field + rest);
    this.field = '';
    this.onRecord(this.record);
    this.record.length = 0;
    this.wasQuoting = false;
  }

  private finish(): void {
    if (this.quoting) {
      const before = this.openText.slice(this.openSkip, this.openAt);
      throw new UnclosedQuoteError(this.openLinesBefore + countBreaks(before, this.newline) + 1);
    }
    if (this.wasQuoting || this.record.length > 0 || this.field.length > 0) {
      this.record.push(this.field);
      this.field = '';
      this.onRecord(this.record);
      this.record.length = 0;
      this.wasQuoting = false;
    }
  }
}

/** Line breaks in `text`: the record delimiter's, or "\n" while none was found. */
function countBreaks(text: string, newline: string): number {
  const mark = newline === '\r' ? '\r' : '\n';
  let count = 0;
  for (let at = text.indexOf(mark); at !== -1; at = text.indexOf(mark, at + 1)) count++;
  return count;
}
