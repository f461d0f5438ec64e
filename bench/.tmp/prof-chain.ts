import { waitForRun } from '../../server/db/runs';
import type { WorkflowDocument } from '../../server/engine/document';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { appContextFor } from '../../server/services/context';
import { startDocumentRun } from '../../server/services/runs';
import { startWorker } from '../../server/worker/runner';
import { benchDatabase, median } from '../../bench/lib/setup';
const durability = (process.env.DUR ?? 'end') as 'node' | 'end';
function chain(n: number): WorkflowDocument {
  const wf = new WorkflowBuilder(`chain-${n}`);
  let prev = wf.add('manual-trigger');
  for (let i = 1; i < n; i++) { const next = wf.add('no-op'); wf.connect(prev, next); prev = next; }
  return { ...wf.toDocument(), settings: { durability } };
}
const db = await benchDatabase();
const ctx = appContextFor(db);
const worker = await startWorker({ databaseUrl: db.url, concurrency: 1, filesDir: db.dir });
const doc = chain(100);
const times: number[] = [];
for (let i = 0; i < Number(process.env.N ?? 300); i++) {
  const t0 = performance.now();
  await waitForRun(ctx.sql, await startDocumentRun(ctx, doc));
  times.push(performance.now() - t0);
}
console.log('median', median(times.slice(20)));
await worker.stop(); await db.close();
