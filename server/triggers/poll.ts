/**
 * API-poll listener: fetches a URL at intervals, finds the list in the answer, and fires once
 * per check that finds entries not seen before, with just those entries. The keys of seen
 * entries are kept in trigger_state (bounded), so a restart does not fire old entries again;
 * the run and the new keys are written in one transaction.
 */
import { createHash } from 'node:crypto';
import { pollTriggerConfig, type PollTriggerConfig } from '../../nodes/poll-trigger';
import { buildHeaders } from '../../nodes/lib/http';
import { getField, isPlainObject } from '../../nodes/lib/values';
import { settingsFingerprint } from './state';
import type { Listener, ListenerContext, ListenerType } from './types';

/** How many keys are remembered (at least all of the current answer's). */
export const MAX_SEEN_KEYS = 10_000;
const FETCH_TIMEOUT_MS = 30_000;

interface PollState {
  fingerprint: string;
  keys: string[];
}

/** JSON with sorted object keys: the same content always gives the same text. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as Record<string, unknown>)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The list inside an answer, or a plain-words reason why there is none. */
export function listIn(answer: unknown, listPath: string): unknown[] | string {
  const found = listPath === '' ? answer : isPlainObject(answer) ? getField(answer, listPath) : undefined;
  if (Array.isArray(found)) return found;
  const what =
    found === undefined
      ? 'nothing'
      : Array.isArray(found)
        ? 'a list'
        : typeof found === 'object' && found
          ? 'an object'
          : `the value ${JSON.stringify(found)}`;
  return listPath === ''
    ? `The answer is not a list (it is ${what}). Set "Where the list is".`
    : `The answer has no list at "${listPath}" (found ${what}).`;
}

/** The key that tells an entry apart from others. */
export function entryKey(entry: unknown, cfg: Pick<PollTriggerConfig, 'dedupeBy' | 'keyField'>): string {
  if (cfg.dedupeBy === 'field' && isPlainObject(entry)) {
    const value = getField(entry, cfg.keyField);
    if (value !== undefined && value !== null) return typeof value === 'string' ? `s:${value}` : `j:${stableJson(value)}`;
  }
  return `h:${createHash('sha256').update(stableJson(entry)).digest('base64url')}`;
}

/**
 * Which entries are new given the keys seen before, and the keys to remember afterwards:
 * the current answer's keys always, older ones up to MAX_SEEN_KEYS.
 */
export function newEntries(list: unknown[], seen: string[], cfg: Pick<PollTriggerConfig, 'dedupeBy' | 'keyField'>) {
  const seenSet = new Set(seen);
  const currentKeys: string[] = [];
  const fresh: unknown[] = [];
  const inAnswer = new Set<string>();
  for (const entry of list) {
    const key = entryKey(entry, cfg);
    if (inAnswer.has(key)) continue;
    inAnswer.add(key);
    currentKeys.push(key);
    if (!seenSet.has(key)) fresh.push(entry);
  }
  const older = seen.filter((k) => !inAnswer.has(k));
  const keys = [...older, ...currentKeys].slice(-Math.max(MAX_SEEN_KEYS, currentKeys.length));
  return { fresh, keys };
}

function stateOf(raw: unknown, fingerprint: string): PollState | null {
  if (!isPlainObject(raw) || raw.fingerprint !== fingerprint || !Array.isArray(raw.keys)) return null;
  return { fingerprint, keys: raw.keys.filter((k): k is string => typeof k === 'string') };
}

function start(lc: ListenerContext<PollTriggerConfig>): Listener {
  const cfg = lc.config;
  const fingerprint = settingsFingerprint([cfg.url, cfg.listPath, cfg.dedupeBy, cfg.keyField]);
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  let lastProblem = '';

  const report = (problem: string) => {
    // Said once, not at every check, until the problem changes.
    if (problem !== lastProblem) lc.log(problem);
    lastProblem = problem;
  };

  const check = async () => {
    const response = await lc.fetch(cfg.url, {
      headers: buildHeaders(cfg.headers),
      signal: AbortSignal.any([lc.signal, AbortSignal.timeout(FETCH_TIMEOUT_MS)]),
    });
    if (!response.ok) return report(`${cfg.url} answered ${response.status} ${response.statusText}; checking again later.`);
    const text = await response.text();
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      return report(`${cfg.url} did not answer with JSON; checking again later.`);
    }
    const list = listIn(answer, cfg.listPath);
    if (typeof list === 'string') return report(list);
    lastProblem = '';

    const stored = await lc.readState();
    const state = stateOf(stored, fingerprint);
    const { fresh, keys } = newEntries(list, state?.keys ?? [], cfg);
    const next: PollState = { fingerprint, keys };
    if (!state && !cfg.emitExistingOnFirstPoll) {
      // First check: note what is there; only later entries start the workflow.
      await lc.swapState(stored, next);
      return;
    }
    if (fresh.length === 0) {
      if (!state) await lc.swapState(stored, next);
      return;
    }
    // The swap fails if another process moved the state on: then it handled these entries.
    const runId = await lc.fireIn(async (tx) => ((await lc.swapState(stored, next, tx)) ? { payload: fresh } : null));
    if (runId) lc.log(`${fresh.length} new entr${fresh.length === 1 ? 'y' : 'ies'} (${runId}).`);
  };

  const tick = async () => {
    try {
      await check();
    } catch (err) {
      if (!lc.signal.aborted) report(`checking ${cfg.url} failed: ${(err as Error).message}`);
    }
    if (!lc.signal.aborted) timer = setTimeout(() => (current = tick()), cfg.intervalSeconds * 1000);
  };

  current = tick();
  return {
    ready: current,
    async stop() {
      clearTimeout(timer);
      await current;
    },
  };
}

export const pollListener: ListenerType<PollTriggerConfig> = {
  nodeType: 'poll-trigger',
  kind: 'poll',
  config: pollTriggerConfig,
  start,
};
