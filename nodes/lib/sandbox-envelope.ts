/**
 * JavaScript source that runs INSIDE the isolate around the user's code (never in Node). It sets
 * up `console` and the globals, calls the user's function through the caller's driver, and always
 * hands back one JSON string: Node then never touches objects built by user code.
 */

/** File name given to the user's code, so stack frames can be traced back to their lines. */
export const USER_FILE = 'code.js';

/**
 * Wraps the user's code as the body of an async function. The opening sits on the same line as
 * the user's first line, so line numbers in errors match what the user sees in the editor.
 */
export function userFunctionSource(code: string, params: string[]): string {
  return `(async function (${params.join(', ')}) {${code}\n})`;
}

/**
 * Body of the closure evaluated with evalClosure. Arguments: $0 the user's function, $1 JSON of
 * `{ values, functions }`, $2 the log callback, $3 max console lines, $4 max characters per line.
 * `driver` is our own trusted code; it sees `run(...args)` (calls the user's code) and `Failure`
 * (throw it for a message that is shown as it is).
 */
export function envelopeSource(driver: string): string {
  return `
'use strict';
const userFn = $0, setup = JSON.parse($1), hostLog = $2, maxLines = $3, maxChars = $4;
// Captured before user code runs: the code may overwrite JSON or String for its own purposes.
const stringify = JSON.stringify, toString = Object.prototype.toString;
// The first stack frame in the user's file (USER_FILE) gives the line to report.
const USER_FRAME = /\\n\\s+at [^\\n]*?code\\.js:(\\d+):\\d+/;

class Failure extends Error {}
class UserFailure { constructor(info) { this.info = info; this.where = undefined; } }

function text(value) {
  if (typeof value === 'string') return value;
  try { const json = stringify(value); if (json !== undefined) return json; } catch {}
  try { return String(value); } catch { return toString.call(value); }
}

function describe(error) {
  try {
    if (error instanceof Error) {
      const match = typeof error.stack === 'string' ? USER_FRAME.exec(error.stack) : null;
      return { message: String(error.message), line: match ? Number(match[1]) : undefined };
    }
  } catch {}
  return { message: text(error) };
}

let lines = 0;
const write = (level) => (...args) => {
  lines += 1;
  if (lines > maxLines) {
    if (lines === maxLines + 1) hostLog('warn', 'Only the first ' + maxLines + ' console lines are kept.');
    return;
  }
  let message = args.map(text).join(' ');
  if (message.length > maxChars) message = message.slice(0, maxChars) + '… (cut)';
  hostLog(level, message);
};
globalThis.console = Object.freeze({ log: write('info'), info: write('info'), debug: write('info'), warn: write('warn'), error: write('error') });

for (const name of setup.functions) {
  const ref = globalThis[name];
  globalThis[name] = async (...args) => {
    const answer = await ref.apply(undefined, args, { arguments: { copy: true }, result: { promise: true, copy: true } });
    if (!answer.ok) throw new Error(answer.message);
    return answer.value;
  };
}
for (const [name, value] of Object.entries(setup.values)) globalThis[name] = value;

const run = async (...args) => {
  if (typeof userFn !== 'function') throw new Failure('The code could not be read: check that every { has its }.');
  try {
    return await userFn(...args);
  } catch (error) {
    throw new UserFailure(describe(error));
  }
};

return (async () => {
  let value;
  try {
    value = await (async (run, Failure) => {
${driver}
    })(run, Failure);
  } catch (error) {
    if (error instanceof UserFailure) return stringify({ ok: false, kind: 'thrown', ...error.info, where: error.where });
    if (error instanceof Failure) return stringify({ ok: false, kind: 'plain', message: error.message });
    return stringify({ ok: false, kind: 'thrown', ...describe(error) });
  }
  let json;
  try {
    json = stringify(value === undefined ? null : value);
  } catch (error) {
    return stringify({ ok: false, kind: 'output', message: describe(error).message });
  }
  // Concatenated, not stringified again: a result of many megabytes is not copied twice.
  return '{"ok":true,"value":' + (json ?? 'null') + '}';
})();
`;
}
