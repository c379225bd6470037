import type { Kysely } from 'kysely';

/**
 * `devices.cannot_resend_from_seq`: the till reports that the server lost operations it had
 * recorded (a restore from an older backup) back to this seq, and that it no longer holds them all
 * to send again (docs/sync-protocol.md §5.2). Null while there is no such trouble, and for tills
 * that predate the report.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('devices').addColumn('cannot_resend_from_seq', 'bigint').execute();
}
