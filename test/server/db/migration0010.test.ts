import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../server/db/migrate';
import { migrationModules } from '../../../server/db/migrations/index';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { seedAt0001 } from '../support/dataAt0001';

describe.each(engines)('migration 0010 (card issue consents) on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    afterEach(() => t.dispose());

    it('keeps cards loaded before it, marks them as not issued at a till, and takes consents afterwards', async () => {
      t = await openTestDb(engine, { migrate: false });
      await migrateToLatest(t.db, migrationModules.slice(0, 1));
      const old = await seedAt0001(t.db);
      const index0010 = migrationModules.findIndex(([name]) => name === '0010_card_issue_consents');
      await migrateToLatest(t.db, migrationModules.slice(0, index0010));
      const now = new Date().toISOString();
      await sql`insert into customers (id, display_name, phone, email, created_at) values ('c-old', 'Old Customer', '+79990000000', null, ${now})`.execute(
        t.db.kysely,
      );
      await sql`insert into cards (number, customer_id, status, issued_at) values ('2990000000021', 'c-old', 'active', ${now})`.execute(
        t.db.kysely,
      );

      expect((await migrateToLatest(t.db)).applied).toContain('0010_card_issue_consents');
      const card = await t.db.kysely
        .selectFrom('cards')
        .selectAll()
        .where('number', '=', '2990000000021')
        .executeTakeFirstOrThrow();
      expect(card).toMatchObject({ customer_id: 'c-old', issued_store_id: null, issued_device_id: null });
      expect(await t.db.kysely.selectFrom('card_issue_conflicts').selectAll().execute()).toEqual([]);

      await t.db.kysely
        .insertInto('customer_consents')
        .values({
          id: 'k1',
          customer_id: 'c-old',
          kind: 'marketing',
          granted: 1,
          given_at: now,
          received_at: now,
          source: 'till',
          store_id: old.storeId,
          device_id: old.deviceId,
          op_id: null,
        })
        .execute();
      const consents = await t.db.kysely
        .selectFrom('customer_consents')
        .select(['customer_id', 'kind'])
        .execute();
      expect(consents).toEqual([{ customer_id: 'c-old', kind: 'marketing' }]);
      // A consent must name a customer the server knows.
      await expect(
        t.db.kysely
          .insertInto('customer_consents')
          .values({
            ...{ id: 'k2', kind: 'marketing', granted: 0, given_at: now, received_at: now, source: 'till' },
            customer_id: 'nobody',
            store_id: null,
            device_id: null,
            op_id: null,
          })
          .execute(),
      ).rejects.toThrow();
    });
  });
});
