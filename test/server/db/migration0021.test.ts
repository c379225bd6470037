import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../server/db/migrate';
import { migrationModules } from '../../../server/db/migrations/index';
import { findConnection } from '../../../server/webshop/connections';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';

const at0021 = migrationModules.findIndex(([name]) => name === '0021_order_identity');

describe.each(engines)('migration 0021 (orders in the identity graph) on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    afterEach(() => t.dispose());

    it('rewrites stored order phones to E.164, keeps unreadable ones, and reads shops in Russia by default', async () => {
      t = await openTestDb(engine, { migrate: false });
      await migrateToLatest(t.db, migrationModules.slice(0, at0021));
      const now = new Date().toISOString();
      await sql`insert into webshop_connections (id, platform, name, secret, allowed_origins, outbound_secret, hold_days, locations, created_at, updated_at)
        values ('old-shop', 'generic', 'Old shop', 'secret-secret-secret', '[]', 'out-secret-out-secret', 3, '[]', ${now}, ${now})`.execute(
        t.db.kysely,
      );
      const phones = ['8 (912) 345-67-89', '+7 916 123 45 67', 'call me', null];
      for (const [i, phone] of phones.entries()) {
        await sql`insert into web_orders (id, connection_id, external_id, customer_phone, fulfillment_orders, placed_at, updated_at)
          values (${`o-${i}`}, 'old-shop', ${`E-${i}`}, ${phone}, '[]', ${now}, ${now})`.execute(t.db.kysely);
      }

      expect((await migrateToLatest(t.db, migrationModules.slice(0, at0021 + 1))).applied).toEqual([
        '0021_order_identity',
      ]);
      const rows = await t.db.kysely
        .selectFrom('web_orders')
        .select(['id', 'customer_phone'])
        .orderBy('id')
        .execute();
      expect(rows.map((r) => r.customer_phone)).toEqual(['+79123456789', '+79161234567', 'call me', null]);
      expect((await findConnection(t.db.kysely, 'old-shop'))?.phoneCountry).toBe('RU');
    });
  });
});
