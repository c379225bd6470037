import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../server/db/migrate';
import { migrationModules } from '../../../server/db/migrations/index';
import { resolveCustomer } from '../../../server/identity';
import { deviceCaller, makeSale, saleOp } from '../support/chain';
import { seedAt0001 } from '../support/dataAt0001';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';

const at0018 = migrationModules.findIndex(([name]) => name === '0018_identity_graph');

describe.each(engines)('migration 0018 (identity graph) on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    afterEach(() => t.dispose());

    it('backfills customers, cards, phones and emails into the graph, the older customer keeping a shared phone', async () => {
      t = await openTestDb(engine, { migrate: false });
      await migrateToLatest(t.db, migrationModules.slice(0, 1));
      const old = await seedAt0001(t.db);
      await migrateToLatest(t.db, migrationModules.slice(0, at0018));
      const k = t.db.kysely;
      const customers = [
        ['c-anna', '  Anna   PETROVA ', '+79120000001', 'anna@example.com', '2025-01-01T00:00:00.000Z'],
        ['c-ivan', 'Ivan Petrov', '+79120000001', null, '2025-02-01T00:00:00.000Z'],
        ['c-junk', 'No Contacts', '+79999999999', 'noemail@shop.ru', '2025-03-01T00:00:00.000Z'],
      ] as const;
      for (const [id, name, phone, email, at] of customers) {
        await sql`insert into customers (id, display_name, phone, email, created_at) values (${id}, ${name}, ${phone}, ${email}, ${at})`.execute(
          k,
        );
      }
      for (const [number, customer] of [
        ['9900000000017', 'c-anna'],
        ['9900000000024', 'c-anna'],
        ['9900000000031', 'c-ivan'],
      ] as const) {
        await sql`insert into cards (number, customer_id, status, issued_at) values (${number}, ${customer}, 'active', '2025-01-02T00:00:00.000Z')`.execute(
          k,
        );
      }

      expect((await migrateToLatest(t.db, migrationModules.slice(0, at0018 + 1))).applied).toEqual([
        '0018_identity_graph',
      ]);
      const identifiers = await k
        .selectFrom('identity_identifiers')
        .select(['type', 'value', 'customer_id', 'verified'])
        .orderBy('type')
        .orderBy('value')
        .execute();
      expect(identifiers).toEqual([
        { type: 'card', value: '9900000000017', customer_id: 'c-anna', verified: 1 },
        { type: 'card', value: '9900000000024', customer_id: 'c-anna', verified: 1 },
        { type: 'card', value: '9900000000031', customer_id: 'c-ivan', verified: 1 },
        { type: 'email', value: 'anna@example.com', customer_id: 'c-anna', verified: 0 },
        { type: 'phone', value: '+79120000001', customer_id: 'c-anna', verified: 0 },
      ]);
      const reviews = await k
        .selectFrom('identity_reviews')
        .select(['reason', 'customer_id', 'other_customer_id'])
        .execute();
      expect(reviews).toEqual([
        { reason: 'shared_value', customer_id: 'c-anna', other_customer_id: 'c-ivan' },
      ]);
      const names = await k
        .selectFrom('customers')
        .select(['id', 'name_key', 'merged_into'])
        .orderBy('id')
        .execute();
      expect(names).toEqual([
        { id: 'c-anna', name_key: 'anna petrova', merged_into: null },
        { id: 'c-ivan', name_key: 'ivan petrov', merged_into: null },
        { id: 'c-junk', name_key: 'no contacts', merged_into: null },
      ]);
      expect(
        await k
          .selectFrom('identity_links')
          .select('source_ref')
          .where('source_ref', '=', 'customer:c-anna')
          .execute(),
      ).toHaveLength(4);

      // The till goes on: a sale with Ivan's card links to Ivan, the sale keeps his card.
      await migrateToLatest(t.db);
      const till = await deviceCaller(t.db, old.token);
      const sale = makeSale({ receiptNo: 'OLD-000002', cardNumber: '9900000000031' });
      const pushed = await till.sync.push({
        deviceId: old.deviceId,
        installId: old.installId,
        ops: [saleOp(2, sale)],
      });
      expect(pushed.results[0]?.status).toBe('applied');
      expect(await resolveCustomer(k, { type: 'card', value: '9900000000031' })).toBe('c-ivan');
      expect(await resolveCustomer(k, { type: 'phone', value: '8 912 000-00-01' })).toBe('c-anna');
      const stored = await k
        .selectFrom('sales')
        .select(['customer_id', 'card_number'])
        .where('id', '=', sale.saleId)
        .executeTakeFirstOrThrow();
      expect(stored).toEqual({ customer_id: 'c-ivan', card_number: '9900000000031' });
    });
  });
});
