import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../server/db/migrate';
import { migrationModules } from '../../../server/db/migrations/index';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { seedAt0001 } from '../support/dataAt0001';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';

const at0022 = migrationModules.findIndex(([name]) => name === '0022_return_customer');

describe.each(engines)('migration 0022 (a return carries its sale’s customer) on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    afterEach(() => t.dispose());

    it('gives returns recorded before it their sale’s customer and card, and none to a cardless sale’s', async () => {
      t = await openTestDb(engine, { migrate: false });
      await migrateToLatest(t.db, migrationModules.slice(0, 1));
      const old = await seedAt0001(t.db);
      await migrateToLatest(t.db, migrationModules.slice(0, at0022));
      const k = t.db.kysely;
      const now = new Date().toISOString();
      // A card sale beside the seeded cardless one, each returned once, with 0021's columns.
      const cardSale = uuidv7();
      await sql`insert into sales (id, op_id, store_id, device_id, receipt_no, card_number, customer_id, currency, total_minor, wall_time, received_at, clock_suspect)
        values (${cardSale}, ${uuidv7()}, ${old.storeId}, ${old.deviceId}, 'OLD-000002', '9900000000017', 'cust-old', 'RUB', 8990, ${now}, ${now}, 0)`.execute(
        k,
      );
      const returnOf = async (saleId: string) => {
        const id = uuidv7();
        await sql`insert into returns (id, op_id, sale_id, store_id, device_id, refund_minor, reason, wall_time, received_at)
          values (${id}, ${uuidv7()}, ${saleId}, ${old.storeId}, ${old.deviceId}, 8990, 'faulty', ${now}, ${now})`.execute(
          k,
        );
        return id;
      };
      const ofCardSale = await returnOf(cardSale);
      const ofCardless = await returnOf(old.saleId);

      expect((await migrateToLatest(t.db, migrationModules.slice(0, at0022 + 1))).applied).toEqual([
        '0022_return_customer',
      ]);
      const rows = await sql<{ id: string; customer_id: string | null; card_number: string | null }>`
        select id, customer_id, card_number from returns order by id`.execute(k);
      expect(rows.rows).toEqual(
        [
          { id: ofCardSale, customer_id: 'cust-old', card_number: '9900000000017' },
          { id: ofCardless, customer_id: null, card_number: null },
        ].sort((a, b) => (a.id < b.id ? -1 : 1)),
      );
    });
  });
});
