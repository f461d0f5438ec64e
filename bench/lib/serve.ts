/**
 * A TaskMaster server for the benchmarks, in its own process so its CPU and memory are its own:
 * `startTaskMaster` (what `npm start` runs) with the UI off unless BENCH_UI=1, and without the
 * in-process worker when BENCH_NO_WORKER=1. Prints `BENCH_READY {"url":…}` once it listens.
 * Environment: TASKMASTER_DATA_DIR, PORT, WORKER_CONCURRENCY as for `npm start`.
 */
import { startTaskMaster } from '../../server/process/start';

const app = await startTaskMaster({ noUi: process.env.BENCH_UI !== '1', noWorker: process.env.BENCH_NO_WORKER === '1' });
process.stdout.write(`BENCH_READY ${JSON.stringify({ url: app.url, pid: process.pid })}\n`);
const stop = () => void app.stop().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
