import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../server/db/migrate';
import { migrationModules } from '../../../server/db/migrations/index';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { adminCaller, setUpChain } from '../support/chain';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';

const at0020 = migrationModules.findIndex(([name]) => name === '0020_webshop_hq');

describe.each(engines)('migration 0020 (HQ web-shop work) on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    afterEach(() => t.dispose());

    it('gives each existing pickup part one history row, its state as it stands, and later changes follow it', async () => {
      t = await openTestDb(engine, { migrate: false });
      await migrateToLatest(t.db, migrationModules.slice(0, at0020));
      const chain = await setUpChain(t.db);
      // The connection as version 0019 stored it: later migrations add columns the current code writes.
      await sql`insert into webshop_connections (id, platform, name, secret, allowed_origins, outbound_secret,
          hold_days, locations, created_at, updated_at)
        values ('shop-generic', 'generic', 'Shop generic', 'secret', '[]', 'out', 3, '[]',
          '2026-11-30T09:00:00.000Z', '2026-11-30T09:00:00.000Z')`.execute(t.db.kysely);
      const orderId = uuidv7();
      const at = '2026-11-30T09:00:05.000Z';
      await sql`insert into web_orders (id, connection_id, external_id, order_number, cancelled, currency,
          total_minor, paid, fulfillment_orders, placed_at, updated_at, event)
        values (${orderId}, 'shop-generic', 'WEB-1', 'WEB-1', 0, 'RUB', 8990, 1, '[]', ${at}, ${at}, null)`.execute(
        t.db.kysely,
      );
      const lines = JSON.stringify([
        {
          lineId: '1',
          name: 'Milk',
          quantity: 1,
          collectedQuantity: 0,
          unitPriceMinor: 8990,
          totalMinor: 8990,
        },
      ]);
      await sql`insert into pickup_parts (order_id, store_id, status, revision, lines, total_minor, qr_token,
          created_at, updated_at)
        values (${orderId}, ${chain.storeA}, 'awaiting', 1, ${lines}, 8990, 'QR1', ${at}, ${at})`.execute(
        t.db.kysely,
      );

      expect((await migrateToLatest(t.db, migrationModules.slice(0, at0020 + 1))).applied).toEqual([
        '0020_webshop_hq',
      ]);
      expect(
        await t.db.kysely
          .selectFrom('pickup_part_history')
          .select(['from_status', 'to_status', 'at'])
          .execute(),
      ).toEqual([{ from_status: null, to_status: 'awaiting', at }]);
      const part = await t.db.kysely.selectFrom('pickup_parts').selectAll().executeTakeFirstOrThrow();
      expect([part.shelved_at, part.shelved_by]).toEqual([null, null]);
      const connection = await t.db.kysely
        .selectFrom('webshop_connections')
        .select('disabled_at')
        .where('id', '=', 'shop-generic')
        .executeTakeFirstOrThrow();
      expect(connection.disabled_at).toBeNull();

      await migrateToLatest(t.db);
      const admin = await adminCaller(t.db);
      await admin.hq.webshop.markReady({ orderId, storeId: chain.storeA });
      const detail = await admin.hq.webshop.order({ orderId });
      expect(detail.history.map((h) => [h.fromStatus, h.toStatus])).toEqual([
        [null, 'awaiting'],
        ['awaiting', 'ready'],
      ]);
    });
  });
});
