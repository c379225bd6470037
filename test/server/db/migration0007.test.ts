import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../server/db/migrate';
import { migrationModules } from '../../../server/db/migrations/index';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { seedAt0001 } from '../support/dataAt0001';
import { publicCaller } from '../support/chain';

describe.each(engines)('migration 0007 (guessing limits, session timeouts) on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    afterEach(() => t.dispose());

    it('ends old sessions, expires unused old codes, keeps tills, and counts attempts afterwards', async () => {
      t = await openTestDb(engine, { migrate: false });
      await migrateToLatest(t.db, migrationModules.slice(0, 1));
      const old = await seedAt0001(t.db);
      // The version before 0007: everything up to 0006.
      await migrateToLatest(t.db, migrationModules.slice(0, 6));
      const now = new Date().toISOString();
      const later = new Date(Date.now() + 86_400_000).toISOString();
      await t.db.kysely
        .insertInto('hq_users')
        .values({ id: 'u1', email: 'a@b.c', name: 'A', role: 'admin', password_hash: 'x', created_at: now })
        .execute();
      await t.db.kysely
        .insertInto('hq_sessions')
        .values({ token_hash: 'h', user_id: 'u1', expires_at: later, created_at: now })
        .execute();
      const store = await t.db.kysely.selectFrom('stores').select('id').executeTakeFirstOrThrow();
      await t.db.kysely
        .insertInto('enrolment_codes')
        .values({
          code_hash: 'old',
          store_id: store.id,
          expires_at: later,
          used_at: null,
          device_id: null,
          created_at: now,
        })
        .execute();

      expect((await migrateToLatest(t.db, migrationModules.slice(0, 7))).applied).toEqual([
        '0007_guessing_and_sessions',
      ]);
      expect(await t.db.kysely.selectFrom('hq_sessions').selectAll().execute()).toEqual([]);
      const code = await t.db.kysely
        .selectFrom('enrolment_codes')
        .selectAll()
        .where('code_hash', '=', 'old')
        .executeTakeFirstOrThrow();
      expect(code.expires_at <= new Date().toISOString()).toBe(true);
      const till = await t.db.kysely
        .selectFrom('devices')
        .select('id')
        .where('id', '=', old.deviceId)
        .executeTakeFirst();
      expect(till?.id).toBe(old.deviceId);

      await expect(publicCaller(t.db).device.enroll({ code: 'K7QF-3MZP', name: 'X' })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      const rows = await t.db.kysely
        .selectFrom('auth_attempts')
        .select(['kind', 'key', 'total_failures'])
        .execute();
      expect(rows).toEqual([{ kind: 'enrol_address', key: 'caller', total_failures: 1 }]);
    });
  });
});
