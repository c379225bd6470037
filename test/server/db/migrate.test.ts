import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../server/db/migrate';
import { migrationModules } from '../../../server/db/migrations/index';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';

const table = (name: string) => ({
  up: async (db: Kysely<unknown>) => {
    await db.schema.createTable(name).addColumn('id', 'text').execute();
  },
});

describe.each(engines)('migrations on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    afterEach(() => t.dispose());

    it('applies every migration once; a second run applies none', async () => {
      t = await openTestDb(engine, { migrate: false });
      const first = await migrateToLatest(t.db);
      expect(first.applied).toEqual(migrationModules.map(([name]) => name));
      const second = await migrateToLatest(t.db);
      expect(second.applied).toEqual([]);
      await sql`select count(*) from sales`.execute(t.db.kysely);
    });

    it('refuses to run a migration numbered before one already applied', async () => {
      t = await openTestDb(engine, { migrate: false });
      await migrateToLatest(t.db, [...migrationModules, ['0003_later', table('later_t')]]);
      await expect(
        migrateToLatest(t.db, [
          ...migrationModules,
          ['0002_forgotten', table('forgotten_t')],
          ['0003_later', table('later_t')],
        ]),
      ).rejects.toThrow(/migration refused/i);
      // Nothing of the refused migration ran.
      await expect(sql`select * from forgotten_t`.execute(t.db.kysely)).rejects.toThrow();
    });

    it('refuses a database that ran a migration this build does not know', async () => {
      t = await openTestDb(engine, { migrate: false });
      await migrateToLatest(t.db, [...migrationModules, ['0002_future', table('future_t')]]);
      await expect(migrateToLatest(t.db)).rejects.toThrow(/migration refused/i);
    });
  });
});
