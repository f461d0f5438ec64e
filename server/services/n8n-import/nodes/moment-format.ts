/**
 * moment.js format strings (n8n's Date & Time v1) as Luxon ones (our Date & time step):
 * `YYYY-MM-DD HH:mm` → `yyyy-MM-dd HH:mm`. Letters moment keeps as text are quoted for Luxon.
 */
const TOKENS: Array<[string, string]> = [
  ['YYYY', 'yyyy'],
  ['YY', 'yy'],
  ['Q', 'q'],
  ['MMMM', 'MMMM'],
  ['MMM', 'MMM'],
  ['MM', 'MM'],
  ['M', 'M'],
  ['DDDD', 'ooo'],
  ['DDD', 'o'],
  ['DD', 'dd'],
  ['D', 'd'],
  ['dddd', 'EEEE'],
  ['ddd', 'EEE'],
  ['E', 'E'],
  ['HH', 'HH'],
  ['H', 'H'],
  ['hh', 'hh'],
  ['h', 'h'],
  ['mm', 'mm'],
  ['m', 'm'],
  ['ss', 'ss'],
  ['s', 's'],
  ['SSS', 'SSS'],
  ['A', 'a'],
  ['ZZ', 'ZZZ'],
  ['Z', 'ZZ'],
  ['X', 'X'],
  ['x', 'x'],
  ['WW', 'WW'],
  ['W', 'W'],
];

/** Tokens with only a near twin in Luxon (1st → 1, am → AM, Sunday 0 → 7): converted, and reported. */
const NEAR: Array<[string, string]> = [
  ['Do', 'd'],
  ['a', 'a'],
  ['d', 'c'],
];

/** Luxon's format for a moment format; `unknown` hears moment tokens with no Luxon twin (Do, a, d…). */
export function momentToLuxon(format: string, unknown: (token: string) => void): string {
  let out = '';
  let literal = '';
  const flush = () => {
    if (literal) out += `'${literal.replace(/'/g, "''")}'`;
    literal = '';
  };
  let i = 0;
  while (i < format.length) {
    if (format[i] === '[') {
      const close = format.indexOf(']', i);
      if (close > i) {
        literal += format.slice(i + 1, close);
        i = close + 1;
        continue;
      }
    }
    const near = NEAR.find(([token]) => format.startsWith(token, i) && !format.startsWith('dd', i));
    if (near) unknown(near[0]);
    const match = near ?? TOKENS.find(([token]) => format.startsWith(token, i));
    if (match) {
      flush();
      out += match[1];
      i += match[0].length;
      continue;
    }
    const char = format[i];
    if (/[A-Za-z]/.test(char)) {
      if (/[gGkwe]/.test(char)) unknown(char);
      literal += char;
    } else {
      flush();
      out += char === "'" ? "''" : char;
    }
    i++;
  }
  flush();
  return out;
}
