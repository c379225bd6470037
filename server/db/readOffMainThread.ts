import { Worker } from 'node:worker_threads';
import type { CompiledQuery } from 'kysely';
import { z } from 'zod';
import type { Db } from './connect';

// Set by the production build (tools/build.ts), which bundles the worker beside the server.
declare const OMNITILL_BUNDLED: boolean | undefined;
const bundled = typeof OMNITILL_BUNDLED !== 'undefined' && OMNITILL_BUNDLED;

/** Past this a read is given up: an HQ page waits for it, no till does. */
const READ_TIMEOUT_MS = 120_000;

const answer = z.union([z.object({ rows: z.array(z.unknown()) }), z.object({ error: z.string() })]);

/** Reads running or waiting past which another is refused, rather than queued for minutes. */
export const LONG_READS_MAX = 4;

/** Refused: `LONG_READS_MAX` long reads are already running or waiting in this process. */
export class LongReadsBusy extends Error {
  constructor() {
    super(`${LONG_READS_MAX} long reads are already running or waiting`);
  }
}

let queue: Promise<unknown> = Promise.resolve();
let pending = 0;

/**
 * Runs a long read (HQ's figures) without holding the server's thread, one at a time per process:
 * on a small machine, more would only slow each other and the tills' pushes, and past
 * `LONG_READS_MAX` running or waiting another is refused (`LongReadsBusy`). On PostgreSQL the
 * database server does the work and this is an ordinary query. On SQLite it runs in a worker
 * thread on a read-only connection of its own (./sqliteReadWorker.ts), given up after two minutes.
 */
export async function readOffMainThread<R>(db: Db, query: CompiledQuery<R>): Promise<R[]> {
  if (pending >= LONG_READS_MAX) throw new LongReadsBusy();
  const path = db.dialect === 'sqlite' ? db.sqlitePath : undefined;
  const read = async () =>
    path === undefined
      ? (await db.kysely.executeQuery(query)).rows
      : ((await inWorker(path, query.sql, [...query.parameters])) as R[]);
  pending++;
  const run = queue.then(read).finally(() => pending--);
  queue = run.catch(() => undefined);
  return run;
}

function inWorker(path: string, sql: string, parameters: unknown[]): Promise<unknown[]> {
  const script = new URL(bundled ? './sqliteReadWorker.js' : './sqliteReadWorker.ts', import.meta.url);
  // From source the worker is TypeScript: it registers tsx in its own thread, as the server's
  // launcher does in the main one, before it loads the script.
  const worker = bundled
    ? new Worker(script, { workerData: { path, sql, parameters } })
    : new Worker(
        `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(script.href)}); })`,
        { eval: true, workerData: { path, sql, parameters } },
      );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`read given up after ${READ_TIMEOUT_MS / 1000} s`));
    }, READ_TIMEOUT_MS);
    worker.once('message', (message: unknown) => {
      clearTimeout(timer);
      const parsed = answer.safeParse(message);
      if (!parsed.success) reject(new Error('the read worker answered something unreadable'));
      else if ('error' in parsed.data) reject(new Error(parsed.data.error));
      else resolve(parsed.data.rows);
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    worker.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the read worker stopped (exit code ${code})`));
    });
  });
}
