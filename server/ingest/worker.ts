import { sql, type Kysely } from 'kysely';
import type { Database, Dialect, Row } from '../db/schema';
import type { Db } from '../db/connect';
import { logger } from '../log';
import { toConnection } from '../webshop/connections';
import { applyMappedDelivery } from '../webshop/applyOrder';
import { adapterFor } from './adapters';

/** A delivery that failed this often for reasons of ours is set aside as `failed` for review. */
export const INBOX_MAX_ATTEMPTS = 5;

/**
 * Applies stored deliveries, oldest first, a few per transaction with their inbox rows
 * (docs/webshop-ingestion.md §4). On PostgreSQL a row is claimed with `FOR UPDATE SKIP LOCKED`,
 * so several server processes share the queue without taking one row twice; a process that dies
 * mid-way rolls back and leaves the row to the next. On SQLite one process is the only writer.
 * Returns how many rows were settled.
 */
export async function processInbox(db: Db, limit = 100, batch = INBOX_BATCH): Promise<number> {
  let settled = 0;
  let size = batch;
  while (settled < limit) {
    let claimed: string[] = [];
    try {
      const count = await db.kysely.transaction().execute(async (trx) => {
        const rows = await trx
          .selectFrom('ingest_inbox')
          .selectAll()
          .where('status', '=', 'pending')
          .orderBy('id')
          .limit(Math.min(size, limit - settled))
          .$if(db.dialect === 'postgres', (q) => q.forUpdate().skipLocked())
          .execute();
        claimed = rows.map((r) => r.id);
        for (const row of rows) await settle(trx, db.dialect, row);
        return rows.length;
      });
      if (count === 0) return settled;
      settled += count;
    } catch (error) {
      if (claimed.length === 0) throw error;
      if (claimed.length > 1) {
        // One of the batch failed and took the others' work with it: go one by one, so the
        // failing delivery is found, counted and set aside without holding the rest back.
        size = 1;
        continue;
      }
      const [id = ''] = claimed;
      logger.error({ err: error, inboxId: id }, 'ingest: a delivery could not be applied');
      await countFailure(db, id, error);
      settled++;
    }
  }
  return settled;
}

/**
 * Deliveries applied per transaction: one durable commit for several, which is most of a
 * delivery's cost on SQLite. Each is applied as if alone (later ones see the earlier ones' rows).
 */
export const INBOX_BATCH = 20;

async function settle(trx: Kysely<Database>, dialect: Dialect, row: Row<'ingest_inbox'>): Promise<void> {
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
    return;
  }
  const result = await applyMappedDelivery(trx, dialect, connection, mapped, now);
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
