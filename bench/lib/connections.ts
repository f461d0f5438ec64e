/**
 * Which process holds which Postgres connection: pg_stat_activity gives each client backend's
 * client port, and /proc (Linux) tells which of our processes has a TCP socket on that port.
 * A connection through the embedded server's Unix socket has no port (-1): its backend's socket
 * is found in /proc/<backend pid>/fd, and `ss -x` names the socket at the other end.
 * Sampled while a benchmark runs, it shows the peak connections in all and per process, to hold
 * against max_connections and each process's budget (DB_CONNECTIONS, server/db/budget.ts).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type { Sql } from 'postgres';

/** Local TCP port → socket inode, for every IPv4/IPv6 socket on the machine. */
function inodesByLocalPort(): Map<number, string> {
  const out = new Map<number, string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10) continue;
      const port = Number.parseInt(cols[1].split(':')[1], 16);
      out.set(port, cols[9]);
    }
  }
  return out;
}

/** Unix socket inode → the inode of its peer, for every connected Unix socket (`ss -x`). */
function unixPeers(): Map<string, string> {
  const out = new Map<string, string>();
  const listed = spawnSync('ss', ['-x', '-n'], { encoding: 'utf8' });
  // u_str ESTAB 0 0 /tmp/taskmaster-pg-…/.s.PGSQL.5432 123 * 124
  for (const line of (listed.stdout ?? '').split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length >= 8) out.set(cols[5], cols[7]);
  }
  return out;
}

function socketInodes(pid: number): Set<string> {
  const out = new Set<string>();
  let fds: string[] = [];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return out;
  }
  for (const fd of fds) {
    try {
      const m = readlinkSync(`/proc/${pid}/fd/${fd}`).match(/^socket:\[(\d+)\]$/);
      if (m) out.add(m[1]);
    } catch {
      // closed meanwhile
    }
  }
  return out;
}

export interface ConnectionPeaks {
  /** Client backends at the busiest sample. */
  total: number;
  /** Busiest sample per process label (each process's own peak, not at the same moment). */
  perProcess: Record<string, number>;
  /** Connections no listed process held at the busiest sample (the benchmark's own, CLI…). */
  other: number;
  samples: number;
}

/**
 * Samples every `everyMs` until stopped. `processes()` names the processes to attribute
 * connections to (label → pid); processes with the same label are counted apart and the label
 * keeps the largest.
 */
export function sampleConnections(sql: Sql, processes: () => Array<{ label: string; pid: number }>, everyMs = 250) {
  const peaks: ConnectionPeaks = { total: 0, perProcess: {}, other: 0, samples: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const rows = await sql<{ port: number; pid: number }[]>`
          select client_port as port, pid from pg_stat_activity where backend_type = 'client backend'`;
        const byPort = inodesByLocalPort();
        const peers = rows.some((row) => Number(row.port) === -1) ? unixPeers() : new Map<string, string>();
        // Each connection's client-side socket inode(s): by TCP port, or the Unix peer of its backend's socket.
        const clientInodes = rows.map((row) =>
          Number(row.port) === -1
            ? [...socketInodes(Number(row.pid))].flatMap((inode) => peers.get(inode) ?? [])
            : [byPort.get(Number(row.port))].filter((inode): inode is string => inode !== undefined),
        );
        const ours = processes().map((p) => ({ ...p, inodes: socketInodes(p.pid) }));
        let attributed = 0;
        const perLabel = new Map<string, number>();
        for (const p of ours) {
          let n = 0;
          for (const inodes of clientInodes) {
            if (inodes.some((inode) => p.inodes.has(inode))) n++;
          }
          attributed += n;
          perLabel.set(p.label, Math.max(perLabel.get(p.label) ?? 0, n));
        }
        for (const [label, n] of perLabel) peaks.perProcess[label] = Math.max(peaks.perProcess[label] ?? 0, n);
        if (rows.length > peaks.total) {
          peaks.total = rows.length;
          peaks.other = rows.length - attributed;
        }
        peaks.samples++;
      } catch {
        // a sample lost to a busy moment: the next one counts
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop(): Promise<ConnectionPeaks> {
      running = false;
      await loop;
      return peaks;
    },
  };
}

/** Postgres' own limits, for the report. */
export async function connectionLimits(sql: Sql): Promise<{ maxConnections: number; reserved: number }> {
  const [row] = await sql`
    select current_setting('max_connections')::int as max, current_setting('superuser_reserved_connections')::int as reserved`;
  return { maxConnections: Number(row.max), reserved: Number(row.reserved) };
}
