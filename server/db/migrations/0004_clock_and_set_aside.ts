import { sql, type Kysely } from 'kysely';

/**
 * Clock error and offline delay become two measurements, and operations that keep failing on the
 * server get set aside instead of blocking their till's queue.
 *
 * - `devices.clock_skew_ms` is from now on the till's send time minus the server's receive time.
 *   Values written before were a sale's wall time against its arrival, i.e. mostly how long it
 *   waited offline; they are cleared to unknown rather than shown as clock errors.
 * - `devices.offline_delay_ms`: the longest wait, in the last push that recorded anything, between
 *   an operation's creation (its wall time corrected by the till's measured clock error) and its
 *   arrival.
 * - `op_failures`: unexpected server errors per operation, counted outside the failed transaction.
 * - `quarantined_ops.detail`: what went wrong, e.g. the last error message of a set-aside op.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('devices').addColumn('offline_delay_ms', 'bigint').execute();
  await sql`update devices set clock_skew_ms = null`.execute(db);
  await db.schema.alterTable('quarantined_ops').addColumn('detail', 'text').execute();
  await db.schema
    .createTable('op_failures')
    .addColumn('op_id', 'text', (c) => c.primaryKey())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('install_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('last_error', 'text', (c) => c.notNull())
    .addColumn('first_failed_at', 'text', (c) => c.notNull())
    .addColumn('last_failed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('quarantined_ops_device').on('quarantined_ops').column('device_id').execute();
}
