/**
 * CPU profile of `end` mode: runs of the 100-node no-op chain, sequential, in this process (the
 * worker compiled as `npm start` runs it), then prints where this process's time went.
 * `node --no-node-snapshot --import tsx bench/ab/end-profile.ts` (RUNS=300).
 */
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { waitForRun } from '../../server/db/runs';
import type { WorkflowDocument } from '../../core/document';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { appContextFor } from '../../server/context';
import { startDocumentRun } from '../../server/services/runs';
import { benchDatabase } from '../lib/setup';
import { serverModuleUrl } from '../lib/compiled';
import { printProfile, summariseProfileData, type Profile } from '../lib/profile';

const RUNS = Number(process.env.RUNS ?? 300);
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const { startWorker } = (await import(
  await serverModuleUrl(ROOT, 'server/worker/runner.ts')
)) as typeof import('../../server/worker/runner');

const wf = new WorkflowBuilder('chain-100');
let prev = wf.add('manual-trigger');
for (let i = 1; i < 100; i++) {
  const next = wf.add('no-op');
  wf.connect(prev, next);
  prev = next;
}
const doc: WorkflowDocument = { ...wf.toDocument(), settings: { durability: 'end' } };

const db = await benchDatabase();
const ctx = appContextFor(db);
const worker = await startWorker({ databaseUrl: db.url, concurrency: 1, filesDir: db.dir });
try {
  for (let i = 0; i < 30; i++) await waitForRun(ctx.sql, await startDocumentRun(ctx, doc));
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < RUNS; i++) await waitForRun(ctx.sql, await startDocumentRun(ctx, doc));
  const wall = performance.now() - t0;
  const used = process.cpuUsage(cpu0);
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  if (process.env.PROFILE_OUT) (await import('node:fs')).writeFileSync(process.env.PROFILE_OUT, JSON.stringify(profile));
  console.log(`${RUNS} runs: wall ${(wall / RUNS).toFixed(2)} ms/run, CPU ${((used.user + used.system) / 1000 / RUNS).toFixed(2)} ms/run`);
  printProfile('this process (bench + worker)', summariseProfileData(profile as unknown as Profile, 30));
} finally {
  await worker.stop();
  await db.close();
}
