import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  onlineActivity,
  onlineActivityRows,
  onlineFromRow,
  type OnlineRow,
} from '../../../server/web/onlineSummary';
import type { IdentifierTypeColumn } from '../../../server/db/schema';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { setUpChain } from '../support/chain';
import { setUpShops } from '../support/webshop';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The web-shop activity a batch of sales reads for all its customers in one query (PostgreSQL)
 * is, customer by customer, what `onlineActivity` reads one query at a time: the cluster through
 * a merge, each kind of identifier an order is found by, the cut-offs and the limit.
 */
describe.each(engines.filter((e) => e === 'postgres'))(
  'web-shop activity of many customers on %s',
  (engine) => {
    describe.skipIf(skipEngine(engine))(engine, () => {
      let t: TestDb;
      beforeEach(async () => {
        t = await openTestDb(engine);
      });
      afterEach(() => t.dispose());

      it('is what onlineActivity gives for each of them', async () => {
        const chain = await setUpChain(t.db);
        await setUpShops(t.db, chain);
        const db = t.db.kysely;
        const now = new Date();
        const ago = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
        await db
          .insertInto('customers')
          .values([
            { id: 'cust-2', display_name: 'Anna P.', phone: null, email: null, created_at: ago(9) },
            { id: 'cust-3', display_name: 'Boris', phone: null, email: null, created_at: ago(9) },
          ])
          .execute();
        await db.updateTable('customers').set({ merged_into: 'cust-1' }).where('id', '=', 'cust-2').execute();
        const identifier = (id: string, customer: string, type: IdentifierTypeColumn, value: string) => ({
          id,
          type,
          value,
          customer_id: customer,
          verified: 1,
          first_seen_at: ago(5),
          last_seen_at: ago(5),
        });
        await db
          .insertInto('identity_identifiers')
          .values([
            identifier('i-1', 'cust-1', 'visitor', 'v-1'),
            identifier('i-2', 'cust-1', 'email', 'anna@example.com'),
            identifier('i-3', 'cust-2', 'phone', '+79120000002'),
            identifier('i-4', 'cust-2', 'shop_account', 'shop-generic:acc-9'),
            identifier('i-5', 'cust-3', 'visitor', 'v-3'),
          ])
          .execute();
        const cart = (id: string, visitor: string, totalMinor: number, days: number) => ({
          id,
          connection_id: 'shop-generic',
          visitor_id: visitor,
          kind: 'cart' as const,
          customer_id: null,
          data: JSON.stringify({ totalMinor, currency: 'RUB', lines: [{ quantity: 2 }, { quantity: 1 }] }),
          received_at: ago(days),
        });
        await db
          .insertInto('web_events')
          .values([cart('e-1', 'v-1', 5000, 3), cart('e-2', 'v-1', 7000, 1), cart('e-3', 'v-3', 100, 20)])
          .execute();
        const order = (id: string, days: number, found: Record<string, string | null>) => ({
          id,
          connection_id: 'shop-generic',
          external_id: `x-${id}`,
          order_number: id === 'o-2' ? null : `#${id}`,
          platform_status: 'paid',
          cancelled: id === 'o-3' ? 1 : 0,
          currency: 'RUB',
          total_minor: 1000 + Math.round(days),
          customer_email: null,
          customer_phone: null,
          shop_customer_id: null,
          visitor_id: null,
          customer_id: null,
          fulfillment_orders: '[]',
          placed_at: ago(days),
          updated_at: ago(days),
          ...found,
        });
        await db
          .insertInto('web_orders')
          .values([
            order('o-1', 2, { customer_id: 'cust-2' }),
            order('o-2', 4, { visitor_id: 'v-1' }),
            order('o-3', 6, { customer_email: 'ANNA@example.com' }),
            order('o-4', 8, { customer_phone: '+79120000002' }),
            order('o-5', 1, { shop_customer_id: 'acc-9', connection_id: 'shop-generic' }),
            order('o-6', 0.5, { shop_customer_id: 'acc-9', connection_id: 'shop-shopify' }),
            order('o-7', 100, { customer_id: 'cust-1' }),
          ])
          .execute();

        const ids = ['cust-1', 'cust-2', 'cust-3', 'cust-x'];
        const { rows } = await onlineActivityRows(ids, now).execute(db);
        const byId = new Map(
          (rows as (OnlineRow & { customer_id: string })[]).map((r) => [r.customer_id, r]),
        );
        for (const id of ids) {
          const row = byId.get(id);
          expect(row ? onlineFromRow(row) : undefined).toEqual(await onlineActivity(db, id, now));
        }
        // The case is not empty: a cart, three orders found each a different way, and nothing.
        const first = await onlineActivity(db, 'cust-1', now);
        expect(first?.openCart?.totalMinor).toBe(7000);
        expect(first?.recentOrders.map((o) => o.orderNumber)).toEqual(['#o-5', '#o-1', 'x-o-2']);
        expect(await onlineActivity(db, 'cust-3', now)).toBeUndefined();
      });
    });
  },
);
