/**
 * big-data: (a) a generated CSV of BENCH_ROWS rows (default 1,000,000) through load-csv →
 * filter → aggregate → save-csv; (b) BENCH_ROWS items made in a code node, grouped, answered
 * by a webhook (the peers' workload); (c) flights-200k.json through load-json → aggregate.
 * Each on a freshly started server: wall time, peak RSS of TaskMaster's processes (VmRSS every
 * 100 ms, and VmHWM; Postgres not included), and the time runs.outputPage takes to return the
 * first page of the largest output. Floors in the same run: the same nodes called in one
 * process with nothing stored, one after another and (when all stream) streamed beside each
 * other. With --peers: (b) in n8n and Node-RED.
 * TASKMASTER_STREAM_FUSE=off (passed on to the server): streamed steps without the fused
 * hand-off, each reading the step before it back from Postgres (server/worker/stream-fuse.ts).
 * (d) the generated CSV through load-csv → sort → save-csv: past TASKMASTER_SORT_SPILL_ITEMS
 * (passed on too; default 100,000) Sort writes sorted parts to disk and merges them.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getNodeType } from '../nodes';
import { newestProfile, printProfile, summariseProfile } from './lib/profile';
import { waitForRun } from '../server/db/runs';
import { workloadDoc, workloads, prepareFiles, type Workload } from './lib/big-data-workloads';
import { request } from './lib/load';
import { appProcesses, descendants, hwmKb, mb, rssKb, sampleRss, spawnTracked } from './lib/proc';
import { r1, report, type Row } from './lib/report';
import { median } from './lib/setup';
import { activateWebhook, databaseUrlOf, ROOT, startServer, tempDataDir, type Server } from './lib/taskmaster';
import { benchSql } from './lib/webhook-load';
import { forEachPeer } from './peers';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
/** BENCH_WORKLOADS=csv,flights,sort: only those; BENCH_PROFILE=1: a CPU profile of the server, summarised; BENCH_FLOOR=0: no floor. */
const ONLY = process.env.BENCH_WORKLOADS?.split(',');
const profileDir = process.env.BENCH_PROFILE === '1' ? mkdtempSync(path.join(os.tmpdir(), 'taskmaster-profile-')) : null;

interface NodeView {
  status: string;
  durationMs: number | null;
  outputCounts: Record<string, number>;
}

async function runOnce(server: Server, dataDir: string, w: Workload) {
  const doc = workloadDoc(w);
  const sql = benchSql(databaseUrlOf(dataDir));
  try {
    let workflowId: string;
    if (w.trigger === 'webhook') workflowId = await activateWebhook(server.api, server.url, doc, `big-${w.name}`);
    else workflowId = (await server.api.mutate<{ id: string }>('workflows.create', { document: doc })).id;
    // Beyond 1 M rows a step's output passes the default "Largest output of a step" (256 MB).
    if (ROWS > 1_000_000) {
      await server.api.mutate('settings.update', { stepOutputLimitMb: 4096 });
      console.log(`${w.name}: Settings, "Largest output of a step" raised from 256 to 4096 MB for ${ROWS.toLocaleString('en')} rows`);
    }
    const beforeKb = appProcesses(server.pid).reduce((sum, pid) => sum + rssKb(pid), 0);
    const sampler = sampleRss(() => appProcesses(server.pid));
    const t0 = performance.now();
    let runId: string;
    let answer = '';
    if (w.trigger === 'webhook') {
      const res = await request(`${server.url}/webhook/big-${w.name}?k=${ROWS}`, 'GET');
      answer = `${res.status}, ${res.body.length} bytes`;
      const [row] = await sql`select id from runs where workflow_id = ${workflowId} order by created_at desc limit 1`;
      runId = String(row.id);
    } else {
      runId = (await server.api.mutate<{ runId: string }>('runs.start', { workflowId })).runId;
      // 10 minutes per million rows (a loaded machine took 11+ minutes for 10 M rows).
      await waitForRun(sql, runId, Math.max(600_000, (ROWS / 1_000_000) * 600_000));
    }
    const wallMs = performance.now() - t0;
    const peak = sampler.stop();
    const hwm = [server.pid, ...descendants(server.pid)]
      .filter((p) => appProcesses(server.pid).includes(p))
      .reduce((s, p) => s + hwmKb(p), 0);
    const run = await server.api.query<{ status: string; error: { message: string } | null; nodes: Record<string, NodeView> }>('runs.get', {
      runId,
    });
    const pageTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const p0 = performance.now();
      await server.api.query('runs.outputPage', { runId, nodeId: w.largest, offset: 0, limit: 100 });
      pageTimes.push(performance.now() - p0);
    }
    const nodeMs = w.steps.map((s) => `${s.id} ${Math.round(run.nodes[s.id]?.durationMs ?? -1)}`).join(', ');
    return {
      wallMs,
      beforeKb,
      peakKb: peak.peakSumKb,
      hwmKb: hwm,
      run,
      nodeMs,
      pageFirst: pageTimes[0],
      pageMedian: median(pageTimes),
      answer,
    };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

function floor(w: Workload, filesDir: string, mode: 'whole' | 'streamed'): Promise<{ ms: number; hwmKb: number }> {
  const proc = spawnTracked(
    process.execPath,
    ['--no-node-snapshot', '--import', 'tsx', path.join(ROOT, 'bench/lib/big-data-floor.ts'), w.name, String(ROWS), filesDir, mode],
    { cwd: ROOT },
  );
  return proc.line('FLOOR', 600_000).then((json) => JSON.parse(json) as { ms: number; hwmKb: number });
}

const data = tempDataDir('big-data');
const filesDir = path.join(data.dir, 'files');
const rows: Row[] = [];
try {
  await prepareFiles(filesDir, ROWS);
  for (const w of workloads(ROWS).filter((w) => !ONLY || ONLY.includes(w.name))) {
    const server = await startServer({ dataDir: data.dir, nodeFlags: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [] });
    try {
      const r = await runOnce(server, data.dir, w);
      rows.push({
        tool: 'TaskMaster',
        workload: w.label,
        status: r.run.status === 'succeeded' ? 'succeeded' : `${r.run.status}: ${r.run.error?.message ?? ''}`.slice(0, 100),
        'wall s': r1(r.wallMs / 1000),
        'RSS before MB': mb(r.beforeKb),
        'peak RSS MB (sampled)': mb(r.peakKb),
        'VmHWM MB': mb(r.hwmKb),
        'first page ms (1st / median of 5)': `${Math.round(r.pageFirst)} / ${Math.round(r.pageMedian)}`,
        'node ms': r.nodeMs,
        ...(r.answer ? { answer: r.answer } : {}),
      });
    } finally {
      await server.stop();
    }
    const profile = profileDir && newestProfile(profileDir);
    if (profile) printProfile(`the TaskMaster server, ${w.name} (whole life, start-up included)`, summariseProfile(profile, 25));
    // BENCH_FLOOR=0: no floor (at 10 M rows it holds every item in one process and runs out of memory).
    if (process.env.BENCH_FLOOR === '0') continue;
    const f = await floor(w, filesDir, 'whole');
    rows.push({
      tool: 'floor',
      workload: `${w.name}: same nodes in one process, nothing stored`,
      'wall s': r1(f.ms / 1000),
      'VmHWM MB': mb(f.hwmKb),
    });
    // The best plain-Node version of a streamed chain: its steps beside each other, pages handed on in memory.
    if (w.steps.every((step) => getNodeType(step.type)?.stream)) {
      const s = await floor(w, filesDir, 'streamed');
      rows.push({
        tool: 'floor',
        workload: `${w.name}: same nodes streamed beside each other in one process, nothing stored`,
        'wall s': r1(s.ms / 1000),
        'VmHWM MB': mb(s.hwmKb),
      });
    }
  }
} finally {
  data.remove();
}
rows.push(
  ...(await forEachPeer(async (peer) => {
    const sampler = sampleRss(() => [peer.pid, ...descendants(peer.pid)]);
    const res = await request(`${peer.hookUrl('bigcode')}?k=${ROWS}`, 'GET');
    const peak = sampler.stop();
    const hwm = [peer.pid, ...descendants(peer.pid)].reduce((s, p) => s + hwmKb(p), 0);
    return [
      {
        tool: `${peer.name} ${peer.version}`,
        workload: `(b) ${ROWS.toLocaleString('en')} items in code, grouped in code`,
        status: String(res.status),
        'wall s': r1(res.ms / 1000),
        'peak RSS MB (sampled)': mb(peak.peakSumKb),
        'VmHWM MB': mb(hwm),
      },
    ];
  })),
);
report('big-data', rows, { rows: ROWS });
