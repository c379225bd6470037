import { sql, type Kysely } from 'kysely';
import type { OutboxOp } from '../../../shared/sync/protocol';
import type { Database, Dialect } from '../../db/schema';
import type { OpContext } from './applyOne';

/** Advisory-lock class of a customer's loyalty account (the second key is a hash of its id). */
const LOYALTY_ACCOUNT_LOCK = 0x4c4f59;

/**
 * PostgreSQL: a batch holds its row locks until it commits, so two batches that touch the same
 * rows in opposite orders (tills A and B both selling to customers X and Y) would wait on each
 * other. Every batch therefore takes its locks first and in one order: the loyalty accounts its
 * operations may move (advisory locks, ascending), then its own stream's row (docs/sync-protocol.md
 * §14.3). Payloads are not trusted here; a malformed one only means a lock not taken, and its
 * operation is refused later. SQLite needs none of this: its batch holds the one write lock.
 */
export async function lockInOrder(
  trx: Kysely<Database>,
  dialect: Dialect,
  ctx: OpContext,
  ops: readonly OutboxOp[],
): Promise<void> {
  if (dialect !== 'postgres') return;
  const cards = new Set<string>();
  const sales = new Set<string>();
  for (const op of ops) {
    const payload = op.payload;
    if (typeof payload !== 'object' || payload === null) continue;
    const { cardNumber, saleId } = payload as { cardNumber?: unknown; saleId?: unknown };
    if (op.kind === 'sale.record' && typeof cardNumber === 'string') cards.add(cardNumber);
    if (op.kind === 'return.record' && typeof saleId === 'string') sales.add(saleId);
  }
  if (cards.size > 0 || sales.size > 0) {
    await sql`
      select pg_advisory_xact_lock(${LOYALTY_ACCOUNT_LOCK}, k)
      from (
        select distinct hashtext(customer_id) as k from (
          select customer_id from cards where number = any(${[...cards]}::text[])
          union
          select customer_id from sales where id = any(${[...sales]}::text[]) and customer_id is not null
        ) touched
        order by k
      ) ordered`.execute(trx);
  }
  await trx
    .selectFrom('device_streams')
    .select('next_seq')
    .where('device_id', '=', ctx.scope.deviceId)
    .where('install_id', '=', ctx.installId)
    .forUpdate()
    .execute();
}
