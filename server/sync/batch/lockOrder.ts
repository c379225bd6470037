import { sql, type Kysely } from 'kysely';
import type { OutboxOp } from '../../../shared/sync/protocol';
import type { Database, Dialect } from '../../db/schema';
import { BatchAborted, inSavepoint } from './transaction';

/**
 * PostgreSQL: a batch holds its row locks until it commits, so two batches that took the same rows
 * in opposite orders (tills A and B both selling to customers X and Y) would wait on each other.
 * Every batch therefore takes its locks in one order (docs/sync-protocol.md §14.3):
 *
 * 1. its own stream's row, first (two server processes given the same till's batch take turns;
 *    ./openStream.ts, or the batch's facts for a batch of new sales);
 * 2. the loyalty accounts it moves, as advisory locks in ascending key order, before any account
 *    row: at the start for a batch applied one operation at a time, just before the accounts for
 *    a batch of new sales (which holds them for a few statements, not for the whole batch).
 *
 * SQLite needs none of this: its batch holds the one write lock from `begin immediate`.
 */
/** Advisory-lock class of a customer's loyalty account (the second key is a hash of its id). */
const LOYALTY_ACCOUNT_LOCK = 0x4c4f59;

/** Locks the customers' loyalty accounts in key order, until the transaction ends. */
export async function lockCustomers(
  trx: Kysely<Database>,
  dialect: Dialect,
  customerIds: readonly string[],
): Promise<void> {
  if (dialect !== 'postgres' || customerIds.length === 0) return;
  await advisoryLocks(customerIds).execute(trx);
}

/** The query that takes the customers' advisory locks in key order, one row per lock. */
export const advisoryLocks = (customerIds: readonly string[]) => sql`
    select pg_advisory_xact_lock(${LOYALTY_ACCOUNT_LOCK}, k)
    from (select distinct hashtext(id) as k from unnest(${[...customerIds]}::text[]) as id order by k) ordered`;

/**
 * Locks the accounts a batch applied one operation at a time may move. In a savepoint of its own:
 * the payloads are not checked yet, and a value the database cannot take (a NUL in a card number)
 * must cost only the lock, not the batch; its operation is refused in its own savepoint later.
 */
export async function lockCustomersOf(
  trx: Kysely<Database>,
  dialect: Dialect,
  ops: readonly OutboxOp[],
): Promise<void> {
  if (dialect !== 'postgres') return;
  try {
    await inSavepoint(trx, async () =>
      lockCustomers(trx, dialect, await customersTouchedBy(trx, dialect, ops)),
    );
  } catch (error) {
    if (error instanceof BatchAborted) throw error;
  }
}

/**
 * The customers whose accounts a batch's operations may move: the holders of the sales' cards and
 * the customers of the returned sales. Payloads are not trusted here; a malformed one only means a
 * lock not taken, and its operation is refused later.
 */
async function customersTouchedBy(
  trx: Kysely<Database>,
  dialect: Dialect,
  ops: readonly OutboxOp[],
): Promise<string[]> {
  if (dialect !== 'postgres') return [];
  const cards = new Set<string>();
  const sales = new Set<string>();
  for (const op of ops) {
    const payload = op.payload;
    if (typeof payload !== 'object' || payload === null) continue;
    const { cardNumber, saleId } = payload as { cardNumber?: unknown; saleId?: unknown };
    if (op.kind === 'sale.record' && typeof cardNumber === 'string') cards.add(cardNumber);
    if (op.kind === 'return.record' && typeof saleId === 'string') sales.add(saleId);
  }
  if (cards.size === 0 && sales.size === 0) return [];
  const { rows } = await sql<{ customer_id: string }>`
    select customer_id from cards where number = any(${[...cards]}::text[])
    union
    select customer_id from sales where id = any(${[...sales]}::text[]) and customer_id is not null`.execute(
    trx,
  );
  return rows.map((r) => r.customer_id);
}
