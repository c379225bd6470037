import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_URL, openTestDb, skipEngine } from '../server/support/databases';

// Another schema of the same PostgreSQL database already holds Kysely's bookkeeping tables (a
// second OmniTill, or any other app built on Kysely). Migrating ours must still create our own.
describe.skipIf(skipEngine('postgres'))('migrations beside another schema with Kysely tables', () => {
  const other = `other_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`create schema ${other}`);
    await admin.query(
      `create table ${other}.kysely_migration (name varchar(255) primary key, timestamp varchar(255) not null)`,
    );
    await admin.query(
      `create table ${other}.kysely_migration_lock (id varchar(255) primary key, is_locked integer not null default 0)`,
    );
  });
  afterAll(async () => {
    await admin.query(`drop schema ${other} cascade`);
    await admin.end();
  });

  it('creates and uses its own migration tables', async () => {
    const t = await openTestDb('postgres');
    try {
      const stores = await t.db.kysely.selectFrom('stores').select('id').execute();
      expect(stores).toEqual([]);
    } finally {
      await t.dispose();
    }
  });
});
