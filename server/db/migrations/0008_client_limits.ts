import { sql, type Kysely } from 'kysely';

/**
 * Bounds on what one device can make the server store (docs/operations.md §11).
 *
 * - `quarantined_ops` keeps one copy per (device, op id, payload hash): pushing the same refused
 *   operation again adds to `times_seen` instead of another copy of its payload. Copies already
 *   repeated are folded into their oldest row first, which keeps their count.
 * - `quarantined_ops.payload_bytes`: the stored payload's size, so a device's share is summed
 *   without reading payloads; older rows get their length.
 * - `devices.limit_refusals`: how often a device hit one of its caps (quarantine full, too many
 *   install streams), for HQ to see.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('quarantined_ops')
    .addColumn('times_seen', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.alterTable('quarantined_ops').addColumn('payload_bytes', 'bigint').execute();
  await sql`update quarantined_ops set payload_bytes = length(payload)`.execute(db);
  await sql`update quarantined_ops set times_seen = (
      select count(*) from quarantined_ops same
      where same.device_id = quarantined_ops.device_id
        and same.op_id = quarantined_ops.op_id
        and same.payload_hash = quarantined_ops.payload_hash)`.execute(db);
  await sql`delete from quarantined_ops where id not in (
      select min(id) from quarantined_ops group by device_id, op_id, payload_hash)`.execute(db);
  await db.schema
    .createIndex('quarantined_ops_once')
    .on('quarantined_ops')
    .columns(['device_id', 'op_id', 'payload_hash'])
    .unique()
    .execute();
  await db.schema
    .alterTable('devices')
    .addColumn('limit_refusals', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
