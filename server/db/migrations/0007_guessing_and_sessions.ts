import { sql, type Kysely } from 'kysely';

/**
 * Guessing becomes slow and seen, and HQ sessions get idle and absolute timeouts.
 *
 * - `auth_attempts`: failed sign-in and enrolment attempts per account or per address, with the
 *   lockout in force (server/security/attemptLimiter.ts). Rows, not process memory, so several
 *   server processes on one PostgreSQL count together.
 * - `hq_sessions.last_seen_at`: when the session was last used, for the idle timeout. Sessions
 *   issued before had a week's lifetime and no idle limit; they are ended, and people sign in again.
 * - Unused enrolment codes issued before are of the old 8-symbol form, short enough to be guessed;
 *   they are expired, and HQ issues new ones.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('auth_attempts')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('total_failures', 'integer', (c) => c.notNull())
    .addColumn('lockouts', 'integer', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('first_failed_at', 'text', (c) => c.notNull())
    .addColumn('last_failed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('auth_attempts_pk', ['kind', 'key'])
    .execute();
  await db.schema
    .createIndex('auth_attempts_last_failed')
    .on('auth_attempts')
    .column('last_failed_at')
    .execute();
  await db.schema.alterTable('hq_sessions').addColumn('last_seen_at', 'text').execute();
  await sql`delete from hq_sessions`.execute(db);
  await sql`update enrolment_codes set expires_at = ${new Date().toISOString()} where used_at is null and expires_at > ${new Date().toISOString()}`.execute(
    db,
  );
}
