import type { Kysely } from 'kysely';
import type { Database } from './schema';

/**
 * Connections on which a transaction was begun by hand (`begin immediate` for a push batch,
 * server/sync/batch/transaction.ts). Kysely only knows the transactions it started itself, so
 * `isTransaction` is false on these; code that opens a transaction of its own when it is not in
 * one asks here too, rather than beginning a second one on the same connection.
 */
const openByHand = new WeakSet<Kysely<Database>>();

export function markTransactionOpen(trx: Kysely<Database>): void {
  openByHand.add(trx);
}

export function markTransactionClosed(trx: Kysely<Database>): void {
  openByHand.delete(trx);
}

/** Whether `db` is already inside a transaction, one Kysely began or one begun by hand. */
export function isInTransaction(db: Kysely<Database>): boolean {
  return db.isTransaction || openByHand.has(db);
}
