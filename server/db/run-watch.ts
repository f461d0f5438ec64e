/**
 * Who watches which runs, so a run executed in the process that accepted it (webhooks,
 * server/worker/run-here.ts) sends its live events through Postgres only when someone elsewhere
 * watches it. Each NOTIFY costs Postgres a statement and wakes every listening connection of
 * every process; a thousand webhook runs a second that nobody looks at need none.
 *
 * Three parts:
 * - A process-wide bus per database: every event of a quiet run reaches this process's
 *   subscribers at once, without Postgres. Copies that come back through LISTEN (someone
 *   elsewhere watches too) carry this process's origin and are dropped.
 * - Announcers (per pool of a process with subscribers: run pages, run lists, waiters): the keys
 *   their subscribers watch, sent on WATCH_CHANNEL when they change, every REFRESH_MS, and in
 *   answer to a newcomer's hello.
 * - Watch knowledge (per worker): what every other process announced. Until it has heard the
 *   answers to its hello it counts everything as watched; an announcer that stops refreshing
 *   (killed) is forgotten after EXPIRE_MS.
 *
 * Runs of the queue keep notifying every event (their waiters may sit in any process and their
 * ends wake workers' waiters): only runs marked quiet here consult the knowledge.
 *
 * The one window this leaves: a watch announced while a quiet run is ending may reach the
 * executing process after it decided not to notify. Run pages re-read the run every 2 s while
 * it is not finished, and waiters poll every second, so the page or waiter catches up by itself.
 */
import { randomBytes } from 'node:crypto';
import type { Sql } from 'postgres';
import { z } from 'zod';
import { parseRunEvent, type RunEvent } from '../../core/run-events';

export const WATCH_CHANNEL = 'taskmaster_watch';

/** This process, in the events its senders send (their LISTEN copies are dropped here). */
export const ORIGIN = `${process.pid}-${randomBytes(6).toString('hex')}`;

const REFRESH_MS = 10_000;
const EXPIRE_MS = 35_000;
/** How long a new worker counts everything as watched: the time for announcers to answer its hello. */
const HELLO_GRACE_MS = 1_000;
/** Keys per announcement: a NOTIFY payload must stay under 8,000 bytes. */
const KEYS_PER_MESSAGE = 100;

/** What a subscriber watches: one run, one workflow's run events, every run event, or everything. */
export const watchKey = {
  run: (runId: string) => `run:${runId}`,
  workflow: (workflowId: string) => `wf:${workflowId}`,
  /** Run starts and ends of every run (lists). */
  allRuns: '*runs',
  /** Every event, step events included. */
  all: '*',
} as const;

/** The keys under which an event is watched. */
export function keysOf(event: RunEvent): string[] {
  if (event.type === 'node') return [watchKey.run(event.runId), watchKey.all];
  if (event.type === 'run') {
    const keys = [watchKey.run(event.runId), watchKey.allRuns, watchKey.all];
    if (event.workflowId) keys.push(watchKey.workflow(event.workflowId));
    return keys;
  }
  return [watchKey.all];
}

// ---- the process-wide bus ----

type Subscriber = (event: RunEvent) => void;
const buses = new Map<string, Set<Subscriber>>();

/** Pools of one database share a bus: the web app's pool hears the worker's runs. */
function databaseOf(sql: Sql): string {
  const o = sql.options;
  return `${o.host.join(',')}:${o.port.join(',')}/${o.database}`;
}

/** Events sent by this process's senders on the database of `sql`; returns the unsubscribe. */
export function onLocalEvents(sql: Sql, subscriber: Subscriber): () => void {
  const key = databaseOf(sql);
  let bus = buses.get(key);
  if (!bus) buses.set(key, (bus = new Set()));
  bus.add(subscriber);
  const b = bus;
  return () => {
    b.delete(subscriber);
    if (b.size === 0 && buses.get(key) === b) buses.delete(key);
  };
}

export function deliverLocal(sql: Sql, event: RunEvent): void {
  const bus = buses.get(databaseOf(sql));
  if (!bus) return;
  for (const s of [...bus]) {
    try {
      s(event);
    } catch {
      // A subscriber's failure is its own.
    }
  }
}

/** The NOTIFY payload of an event sent by this process. */
export function payloadOf(event: RunEvent): string {
  return JSON.stringify({ ...event, o: ORIGIN });
}

/** Parses a NOTIFY payload; null for malformed ones and for this process's own (already delivered locally). */
export function parseForeignEvent(payload: string): RunEvent | null {
  if (payload.includes(ORIGIN)) {
    try {
      if ((JSON.parse(payload) as { o?: unknown }).o === ORIGIN) return null;
    } catch {
      return null;
    }
  }
  return parseRunEvent(payload);
}

// ---- quiet runs ----

const quietRuns = new Map<string, WatchKnowledge>();

/** A run executed here whose events go through Postgres only when `knowledge` says someone elsewhere watches. */
export function markQuiet(runId: string, knowledge: WatchKnowledge): () => void {
  quietRuns.set(runId, knowledge);
  return () => {
    if (quietRuns.get(runId) === knowledge) quietRuns.delete(runId);
  };
}

/** The watch knowledge of a quiet run's event; undefined for every other event (it goes through Postgres). */
export function quietRunOf(event: RunEvent): WatchKnowledge | undefined {
  return event.type === 'node' || event.type === 'run' ? quietRuns.get(event.runId) : undefined;
}

// ---- announcements ----

const messageSchema = z.object({
  p: z.string(),
  t: z.enum(['hello', 'full', 'add', 'del']),
  k: z.array(z.string()).optional(),
});
type Message = z.infer<typeof messageSchema>;

function parseMessage(payload: string): Message | null {
  try {
    const r = messageSchema.safeParse(JSON.parse(payload));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

function chunks(keys: string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < keys.length; i += KEYS_PER_MESSAGE) out.push(keys.slice(i, i + KEYS_PER_MESSAGE));
  return out;
}

interface Announcer {
  /** Counts the keys as watched; resolves once their announcement is sent. */
  watch(keys: string[]): { ready: Promise<void>; release(): void };
}

const announcers = new WeakMap<Sql, Announcer>();

/** The announcer of a pool: its subscribers' keys, told to every worker on the database. */
export function announcerFor(sql: Sql): Announcer {
  let a = announcers.get(sql);
  if (!a) announcers.set(sql, (a = createAnnouncer(sql)));
  return a;
}

function createAnnouncer(sql: Sql): Announcer {
  const id = `${ORIGIN}-${randomBytes(4).toString('hex')}`;
  const counts = new Map<string, number>();
  // Sent one after another, so an add and its del arrive in order.
  let chain: Promise<void> = Promise.resolve();
  let refresh: NodeJS.Timeout | null = null;
  const send = (t: Message['t'], keys?: string[]) => {
    const messages = keys === undefined ? [{ p: id, t }] : chunks(keys).map((k, i) => ({ p: id, t: i > 0 && t === 'full' ? 'add' : t, k }));
    if (keys?.length === 0 && t === 'full') messages.push({ p: id, t, k: [] });
    chain = chain.then(async () => {
      for (const m of messages) await sql`select pg_notify(${WATCH_CHANNEL}, ${JSON.stringify(m)})`.catch(() => {});
    });
    return chain;
  };
  const full = () => send('full', [...counts.keys()]);
  // Workers that start later say hello: they hear what is watched now.
  const listening = sql
    .listen(WATCH_CHANNEL, (payload) => {
      if (counts.size && parseMessage(payload)?.t === 'hello') void full();
    })
    .catch(() => null);
  const keepFresh = () => {
    if (counts.size && !refresh) {
      refresh = setInterval(() => void full(), REFRESH_MS);
      refresh.unref();
    } else if (!counts.size && refresh) {
      clearInterval(refresh);
      refresh = null;
    }
  };
  return {
    watch(keys) {
      const added = keys.filter((k) => {
        const n = counts.get(k) ?? 0;
        counts.set(k, n + 1);
        return n === 0;
      });
      keepFresh();
      const ready = listening.then(() => (added.length ? send('add', added) : chain));
      let released = false;
      return {
        ready,
        release() {
          if (released) return;
          released = true;
          const gone = keys.filter((k) => {
            const n = (counts.get(k) ?? 1) - 1;
            if (n > 0) counts.set(k, n);
            else counts.delete(k);
            return n <= 0;
          });
          keepFresh();
          if (gone.length) void send('del', gone);
        },
      };
    },
  };
}

// ---- what others watch (workers) ----

export interface WatchKnowledge {
  /** Whether any other process watches this event (true while still learning). */
  watched(event: RunEvent): boolean;
  close(): Promise<void>;
}

/** Listens to announcements on the pool's LISTEN connection and says hello. */
export async function listenForWatchers(sql: Sql): Promise<WatchKnowledge> {
  const byAnnouncer = new Map<string, { keys: Set<string>; seen: number }>();
  let learningUntil = Number.POSITIVE_INFINITY;
  const listener = await sql.listen(WATCH_CHANNEL, (payload) => {
    const m = parseMessage(payload);
    // Subscribers of this process get its events from the bus.
    if (!m || m.p.startsWith(`${ORIGIN}-`)) return;
    if (m.t === 'hello') return;
    let entry = byAnnouncer.get(m.p);
    if (!entry || m.t === 'full') byAnnouncer.set(m.p, (entry = { keys: new Set(), seen: Date.now() }));
    entry.seen = Date.now();
    for (const k of m.k ?? []) {
      if (m.t === 'del') entry.keys.delete(k);
      else entry.keys.add(k);
    }
  });
  await sql`select pg_notify(${WATCH_CHANNEL}, ${JSON.stringify({ p: `${ORIGIN}-worker`, t: 'hello' })})`;
  learningUntil = Date.now() + HELLO_GRACE_MS;
  return {
    watched(event) {
      const now = Date.now();
      if (now < learningUntil) return true;
      const keys = keysOf(event);
      for (const [id, entry] of byAnnouncer) {
        if (now - entry.seen > EXPIRE_MS) {
          byAnnouncer.delete(id);
          continue;
        }
        for (const k of keys) if (entry.keys.has(k)) return true;
      }
      return false;
    },
    close: () => listener.unlisten().catch(() => {}),
  };
}
