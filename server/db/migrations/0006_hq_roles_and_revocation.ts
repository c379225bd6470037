import type { Kysely } from 'kysely';

/**
 * HQ users get a life cycle and store managers their stores; a till's token can be revoked by
 * someone named.
 *
 * - `hq_users.disabled_at`: a disabled user cannot sign in and has no sessions; null: active.
 * - `hq_users.must_change_password`: 1 after an admin created the user or reset the password: the
 *   one-time password the admin saw only lets its holder choose a new one.
 * - `hq_user_stores`: the stores a store manager sees and manages. Users of other roles have none.
 *   A store manager created before this migration has no stores until an admin assigns them.
 * - `devices.revoked_by`: the HQ user who revoked the till (`revoked_at` exists since 0001).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('hq_users').addColumn('disabled_at', 'text').execute();
  await db.schema
    .alterTable('hq_users')
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('hq_user_stores')
    .addColumn('user_id', 'text', (c) => c.notNull().references('hq_users.id'))
    .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
    .addPrimaryKeyConstraint('hq_user_stores_pk', ['user_id', 'store_id'])
    .execute();
  await db.schema.alterTable('devices').addColumn('revoked_by', 'text').execute();
  // Disabling a user deletes their sessions by user id.
  await db.schema.createIndex('hq_sessions_user').on('hq_sessions').column('user_id').execute();
}
