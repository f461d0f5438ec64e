/**
 * The CLI's remote mode: `--url` + `--api-key` (or TASKMASTER_URL / TASKMASTER_API_KEY) make
 * `list`, `run`, `runs`, `run-output`, `export`, `import`, `activate` and `deactivate` talk to another TaskMaster through its REST API (/api/v1)
 * instead of a local database. Errors the server answers become InputErrors with its message.
 *
 * The client uses plain fetch, not the guarded connector: the connector applies an instance's
 * outbound rules to its workflows, and here the user's own tool calls the address they typed.
 */
import { InputError } from './command';

export interface RemoteTarget {
  /** Without a trailing slash, e.g. `https://tm.example.com`. */
  url: string;
  apiKey: string;
}

/**
 * Takes the global `--url` / `--api-key` options out of the arguments (anywhere before `--`).
 * The environment fills what the options leave out; `remote` is null when no URL is given.
 */
export function takeRemoteOptions(
  argv: string[],
  env: NodeJS.ProcessEnv,
): { argv: string[]; remote: RemoteTarget | null; explicit: boolean } {
  const rest: string[] = [];
  const given: { url?: string; apiKey?: string } = {};
  const end = argv.includes('--') ? argv.indexOf('--') : argv.length;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const match = i < end ? /^--(url|api-key)(?:=(.*))?$/.exec(arg) : null;
    if (!match) {
      rest.push(arg);
      continue;
    }
    const value = match[2] ?? argv[++i];
    if (value === undefined || (match[2] === undefined && value.startsWith('--'))) throw new InputError(`--${match[1]} needs a value.`);
    if (match[1] === 'url') given.url = value;
    else given.apiKey = value;
  }
  const explicit = given.url !== undefined || given.apiKey !== undefined;
  const url = given.url ?? env.TASKMASTER_URL?.trim();
  const apiKey = given.apiKey ?? env.TASKMASTER_API_KEY?.trim();
  if (!url) {
    if (given.apiKey !== undefined)
      throw new InputError('--api-key needs --url (or TASKMASTER_URL): the address of the TaskMaster to use.');
    return { argv: rest, remote: null, explicit };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError(`"${url}" is not an address; give one like https://tm.example.com.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new InputError(`"${url}" must start with https:// (or http://).`);
  if (!apiKey)
    throw new InputError('Give an API key with --api-key or TASKMASTER_API_KEY. Make one on the API keys page of that TaskMaster.');
  return { argv: rest, remote: { url: parsed.toString().replace(/\/+$/, ''), apiKey }, explicit };
}

/** A REST API error answer: `{ error: { code, message, path } }`. */
function errorText(body: unknown): string | null {
  const error = (body as { error?: { message?: unknown } } | null)?.error;
  return typeof error?.message === 'string' ? error.message : null;
}

export class RemoteClient {
  constructor(readonly target: RemoteTarget) {}

  /** Calls `/api/v1{path}`; a 4xx answer throws an InputError with the server's message, 404 included. */
  async call<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.target.url}/api/v1${path}`, {
        method,
        signal,
        headers: { authorization: `Bearer ${this.target.apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new InputError(
        `Could not reach ${this.target.url} (${cause?.code ?? cause?.message ?? String(error)}). Check --url and that TaskMaster runs there.`,
      );
    }
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON: not a TaskMaster answer (a proxy's page, a wrong address).
    }
    if (res.ok && parsed !== null) return parsed as T;
    const message = errorText(parsed);
    if (res.status === 401) throw new InputError(`${this.target.url} refused the API key: ${message ?? 'it is not valid.'}`);
    if (res.status >= 400 && res.status < 500 && message) throw new InputError(message);
    throw new Error(
      `${this.target.url} answered ${res.status}${message ? `: ${message}` : ' without a TaskMaster answer (is the address right?)'}`,
    );
  }
}
