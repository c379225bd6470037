import { sql } from 'kysely';
import type { Db } from '../db/connect';
import { logger } from '../log';
import { toConnection } from '../webshop/connections';
import { applyMappedDelivery } from '../webshop/applyOrder';
import { adapterFor } from './adapters';

/** A delivery that failed this often for reasons of ours is set aside as `failed` for review. */
export const INBOX_MAX_ATTEMPTS = 5;

/**
 * Applies stored deliveries, oldest first, each in its own transaction with its inbox row
 * (docs/webshop-ingestion.md §4). On PostgreSQL a row is claimed with `FOR UPDATE SKIP LOCKED`,
 * so several server processes share the queue without taking one row twice; a process that dies
 * mid-way rolls back and leaves the row to the next. On SQLite one process is the only writer.
 * Returns how many rows were settled.
 */
export async function processInbox(db: Db, limit = 100): Promise<number> {
  let settled = 0;
  while (settled < limit) {
    let claimedId: string | null = null;
    try {
      const done = await db.kysely.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('ingest_inbox')
          .selectAll()
          .where('status', '=', 'pending')
          .orderBy('id')
          .limit(1)
          .$if(db.dialect === 'postgres', (q) => q.forUpdate().skipLocked())
          .executeTakeFirst();
        if (!row) return false;
        claimedId = row.id;
        const now = new Date().toISOString();
        const connectionRow = await trx
          .selectFrom('webshop_connections')
          .selectAll()
          .where('id', '=', row.connection_id)
          .executeTakeFirstOrThrow();
        const connection = toConnection(connectionRow);
        const adapter = adapterFor(connection.platform);
        // The edge checked the body is JSON before storing it.
        const mapped = adapter.map(row.topic, JSON.parse(row.body) as unknown, connection);
        if (mapped.kind === 'invalid') {
          await trx
            .updateTable('ingest_inbox')
            .set({ status: 'failed', error: mapped.error.slice(0, 2000), processed_at: now })
            .where('id', '=', row.id)
            .execute();
          return true;
        }
        const result = await applyMappedDelivery(trx, db.dialect, connection, mapped, now);
        await trx
          .updateTable('ingest_inbox')
          .set({
            status: result.outcome,
            order_id: result.orderId,
            error: result.reason ?? null,
            processed_at: now,
          })
          .where('id', '=', row.id)
          .execute();
        return true;
      });
      if (!done) return settled;
      settled++;
    } catch (error) {
      if (claimedId === null) throw error;
      logger.error({ err: error, inboxId: claimedId }, 'ingest: a delivery could not be applied');
      await countFailure(db, claimedId, error);
      settled++;
    }
  }
  return settled;
}

/** One more failed attempt; past the limit the row is set aside, so the queue moves on. */
async function countFailure(db: Db, id: string, error: unknown): Promise<void> {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
  await db.kysely
    .updateTable('ingest_inbox')
    .set({
      attempts: sql<number>`attempts + 1`,
      error: message,
      status: sql<
        'pending' | 'failed'
      >`case when attempts + 1 >= ${INBOX_MAX_ATTEMPTS} then 'failed' else 'pending' end`,
    })
    .where('id', '=', id)
    .execute();
}
