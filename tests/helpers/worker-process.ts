/**
 * A worker in its own process, for tests that kill it (SIGKILL) mid-run.
 * Usage: node --import tsx tests/helpers/worker-process.ts <databaseUrl>
 */
import { startWorker } from '../../server/worker/runner';

const url = process.argv[2];
if (!url) throw new Error('usage: worker-process.ts <databaseUrl>');
const worker = await startWorker({ databaseUrl: url, concurrency: 4, heartbeatMs: 500 });
process.stdout.write('worker ready\n');
const stop = () => void worker.stop().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
