/**
 * Processes the benchmarks start and watch: spawn with a recorded pid, stop by that pid only,
 * and read memory and CPU from /proc (Linux). Postgres is told apart from TaskMaster's own
 * processes by its command name, so memory figures can be given with and without it.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface Spawned {
  pid: number;
  child: ChildProcess;
  /** Everything the process wrote, for error messages. */
  output(): string;
  /** Resolves with the first stdout line that starts with `prefix` (the rest of the line). */
  line(prefix: string, timeoutMs?: number): Promise<string>;
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`; only this pid. */
  stop(graceMs?: number): Promise<void>;
}

export function spawnTracked(command: string, args: string[], options: SpawnOptions = {}): Spawned {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  let text = '';
  const waiters: Array<{ prefix: string; resolve(rest: string): void }> = [];
  let pending = '';
  const onData = (chunk: Buffer) => {
    const s = chunk.toString();
    text = (text + s).slice(-20_000);
    pending += s;
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      for (const w of [...waiters]) {
        if (line.startsWith(w.prefix)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line.slice(w.prefix.length).trim());
        }
      }
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', (c: Buffer) => (text = (text + c.toString()).slice(-20_000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const pid = child.pid;
  return {
    pid,
    child,
    output: () => text,
    exited,
    line(prefix, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "${prefix}" from ${command} within ${timeoutMs} ms:\n${text}`)), timeoutMs);
        void exited.then((code) => reject(new Error(`${command} exited (${code}) before "${prefix}":\n${text}`)));
        waiters.push({ prefix, resolve: (rest) => (clearTimeout(timer), resolve(rest)) });
      });
    },
    async stop(graceMs = 20_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

function status(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
}

function statusKb(pid: number, key: 'VmRSS' | 'VmHWM'): number {
  const m = status(pid)?.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'));
  return m ? Number(m[1]) : 0;
}

export const rssKb = (pid: number) => statusKb(pid, 'VmRSS');
/** Peak resident memory since the process started (kernel's high-water mark). */
export const hwmKb = (pid: number) => statusKb(pid, 'VmHWM');

/** Proportional set size: shared pages (Postgres' shared buffers) split among the processes sharing them. */
export function pssKb(pid: number): number {
  try {
    const m = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8').match(/^Pss:\s+(\d+) kB/m);
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

export function commandName(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/** All descendants of `pid` (children first, depth first). */
export function descendants(pid: number): number[] {
  const out: number[] = [];
  let tasks: string[] = [];
  try {
    tasks = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  } catch {
    return out;
  }
  for (const child of tasks.map(Number)) out.push(child, ...descendants(child));
  return out;
}

/** The process and its non-Postgres descendants: TaskMaster's own processes. */
export function appProcesses(rootPid: number): number[] {
  return [rootPid, ...descendants(rootPid).filter((p) => !commandName(p).startsWith('postgres'))];
}

export function postgresProcesses(rootPid: number): number[] {
  return descendants(rootPid).filter((p) => commandName(p).startsWith('postgres'));
}

/** CPU seconds used so far (user + system) by one process. */
export function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
  } catch {
    return 0;
  }
}

/**
 * Seconds all threads of one process have spent runnable but waiting for a CPU (the second
 * field of /proc/<pid>/task/<tid>/schedstat): on a machine shared with busier programs, the
 * time lost to them.
 */
export function runQueueSeconds(pid: number): number {
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return 0;
  }
  let ns = 0;
  for (const tid of tids) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[1]);
    } catch {
      // the thread ended meanwhile
    }
  }
  return ns / 1e9;
}

/**
 * Samples the summed VmRSS of `pids()` every `everyMs` (100 ms by default) until stopped;
 * returns the peak sum and the peak per pid.
 */
export function sampleRss(pids: () => number[], everyMs = 100) {
  let peakSum = 0;
  const peakPer = new Map<number, number>();
  const tick = () => {
    let sum = 0;
    for (const pid of pids()) {
      const kb = rssKb(pid);
      sum += kb;
      if (kb > (peakPer.get(pid) ?? 0)) peakPer.set(pid, kb);
    }
    if (sum > peakSum) peakSum = sum;
  };
  tick();
  const timer = setInterval(tick, everyMs);
  return {
    stop() {
      clearInterval(timer);
      tick();
      return { peakSumKb: peakSum, peakPerPidKb: Object.fromEntries(peakPer) as Record<number, number> };
    },
  };
}

export const mb = (kb: number) => Math.round(kb / 1024);

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
