import { sql, type Kysely } from 'kysely';
import type { Db } from '../../db/connect';
import { holdSqliteFile, releaseSqliteFile } from '../../db/heldSqliteFile';
import { markTransactionClosed, markTransactionOpen } from '../../db/openTransactions';
import type { Database } from '../../db/schema';

/**
 * Runs a push batch in one database transaction on one connection, and returns only after the
 * commit: with SQLite's `synchronous = FULL` and PostgreSQL's `synchronous_commit` kept on, that
 * is after the commit is on disk (docs/sync-protocol.md §5.1, §14). On SQLite the transaction takes
 * the write lock as it begins (`begin immediate`), so what the batch reads cannot be changed by
 * another connection before it writes. A failed commit rolls back and throws: nothing of the batch
 * was recorded. `savepoint`: PostgreSQL only, the transaction opens with the savepoint its first
 * `inSavepoint` then finds taken.
 */
export async function inBatchTransaction<T>(
  db: Db,
  work: (trx: Kysely<Database>) => Promise<T>,
  { savepoint = false }: { savepoint?: boolean } = {},
): Promise<T> {
  return db.kysely.connection().execute(async (trx) => {
    await sql.raw(db.dialect === 'sqlite' ? 'begin immediate' : opening(savepoint)).execute(trx);
    markTransactionOpen(trx);
    if (db.sqliteFile) holdSqliteFile(trx, db.sqliteFile);
    try {
      const result = await work(trx);
      await sql`commit`.execute(trx);
      return result;
    } catch (error) {
      // A SQLite commit that failed leaves the transaction open; PostgreSQL has ended it already.
      await sql`rollback`.execute(trx).catch(() => undefined);
      throw error;
    } finally {
      releaseSqliteFile(trx);
      markTransactionClosed(trx);
    }
  });
}

/**
 * PostgreSQL: a batch that starts with `inSavepoint(…, { taken: true })` takes its savepoint with
 * the `begin`, in the same round trip (without parameters, both go as one simple query).
 */
const opening = (savepoint: boolean) => (savepoint ? `begin; ${SAVEPOINT}` : 'begin');

const SAVEPOINT = 'savepoint op';

/** The whole batch's transaction is lost (its connection, or an error that ends it); nothing is kept. */
export class BatchAborted extends Error {
  constructor(cause: unknown) {
    super('the batch transaction was lost', { cause });
  }
}

/**
 * Runs `work` in a savepoint of the batch's transaction: undone alone when it throws, so the
 * operations before it in the batch keep their effects. Throws `BatchAborted` when even the undo
 * fails, as it does when the transaction itself is gone.
 * `taken`: the batch's transaction took the savepoint as it began (`inBatchTransaction`).
 * `kept`: when `work` succeeds, the savepoint stands until the transaction ends, which ends it
 * as a release would, one round trip the fewer; only for the last savepoint of a batch, since
 * savepoints left standing nest.
 */
export async function inSavepoint<T>(
  trx: Kysely<Database>,
  work: () => Promise<T>,
  { taken = false, kept = false }: { taken?: boolean; kept?: boolean } = {},
): Promise<T> {
  if (!taken) await sql.raw(SAVEPOINT).execute(trx);
  try {
    const result = await work();
    if (!kept) await sql`release savepoint op`.execute(trx);
    return result;
  } catch (error) {
    try {
      await sql`rollback to savepoint op`.execute(trx);
      await sql`release savepoint op`.execute(trx);
    } catch (undoError) {
      throw new BatchAborted(undoError);
    }
    throw error;
  }
}
