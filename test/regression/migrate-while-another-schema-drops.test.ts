import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openTestDb, PG_URL, skipEngine } from '../server/support/databases';

// Kysely lists the tables of every schema to find its own bookkeeping tables; a schema dropped by
// someone else during that listing made PostgreSQL fail it, and our migration with it. Many
// schemas are created and dropped beside ours while it migrates; ours must still come up.
describe.skipIf(skipEngine('postgres'))('migrating while other schemas are dropped', () => {
  it('migrates every time', async () => {
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    let churning = true;
    const churn = (async () => {
      while (churning) {
        const other = `churn_${randomBytes(6).toString('hex')}`;
        await admin.query(`create schema ${other}`);
        await admin.query(`create table ${other}.t (a int)`);
        await admin.query(`drop schema ${other} cascade`);
      }
    })();
    try {
      for (let i = 0; i < 8; i++) {
        const t = await openTestDb('postgres');
        try {
          expect(await t.db.kysely.selectFrom('stores').select('id').execute()).toEqual([]);
        } finally {
          await t.dispose();
        }
      }
    } finally {
      churning = false;
      await churn;
      await admin.end();
    }
  });
});
