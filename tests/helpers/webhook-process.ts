/**
 * A web server and worker in one process, executing webhook runs in that process (as `npm start`
 * does), for tests that kill it (SIGKILL) mid-run.
 * Usage: node --import tsx tests/helpers/webhook-process.ts <databaseUrl>; prints `ready <url>`.
 */
import { startWebServer } from '../../server/http/server';
import { offerRunsHere } from '../../server/run-ends';
import { createAppContext } from '../../server/context';
import { startWorker } from '../../server/worker/runner';

const url = process.argv[2];
if (!url) throw new Error('usage: webhook-process.ts <databaseUrl>');
const ctx = createAppContext(url, { max: 10 });
const worker = await startWorker({ databaseUrl: url, concurrency: 8, heartbeatMs: 500 });
const web = await startWebServer({ ctx, host: '127.0.0.1', port: 0, noUi: true });
offerRunsHere(ctx.sql, worker.runHere);
process.stdout.write(`ready ${web.url.replace('localhost', '127.0.0.1')}\n`);
const stop = () => void Promise.all([web.close(), worker.stop()]).then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
