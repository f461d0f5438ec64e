/**
 * Run as a separate process by tests (like the CLI beside `npm start`): opens the database of
 * the data dir given as argv[2], reports the server it got on stdout as JSON, and stops.
 */
import { openDatabase } from '../../server/db/connect';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: open-database-child <dataDir>');
const opened = await openDatabase({ databaseUrl: undefined, dataDir, logLevel: 'silent' });
const [row] = await opened.sql<{ n: number }[]>`select count(*)::int as n from workflows`;
process.stdout.write(
  `${JSON.stringify({
    port: opened.embedded?.port,
    pid: opened.embedded?.pid,
    startedHere: opened.embedded?.startedHere,
    workflows: row?.n,
  })}\n`,
);
await opened.stop();
