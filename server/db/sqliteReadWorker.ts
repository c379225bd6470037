import { parentPort, workerData } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import { z } from 'zod';

/**
 * One read on its own read-only connection to the server's SQLite file, in a worker thread
 * (./readOffMainThread.ts): better-sqlite3 runs a statement to its end on the thread that calls
 * it, and a read of seconds on the server's thread would hold every till's push that long. WAL
 * lets this connection read the last commit while the server goes on writing.
 */
const job = z
  .object({ path: z.string().min(1), sql: z.string().min(1), parameters: z.array(z.unknown()) })
  .parse(workerData);
const file = new SqliteDatabase(job.path, { readonly: true, fileMustExist: true });
try {
  file.pragma('busy_timeout = 5000');
  const rows: unknown = file.prepare(job.sql).all(...job.parameters);
  parentPort?.postMessage({ rows });
} catch (error) {
  parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) });
} finally {
  file.close();
}
