import type { Kysely } from 'kysely';

/**
 * What a till reports of its own queue with each pull, so HQ sees a stuck or silent till:
 * pending operations, the oldest one's age, locally rejected ones, and whether the browser
 * granted persistent storage. Null until the till first reports.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('devices').addColumn('pending_ops', 'integer').execute();
  await db.schema.alterTable('devices').addColumn('oldest_pending_at', 'text').execute();
  await db.schema.alterTable('devices').addColumn('local_rejected_ops', 'integer').execute();
  await db.schema.alterTable('devices').addColumn('storage_persisted', 'integer').execute();
  await db.schema.alterTable('devices').addColumn('status_reported_at', 'text').execute();
}
