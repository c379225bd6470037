import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PickupConfirm } from '../../../shared/domain/pickup';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { makeSale, saleOp, setUpChain } from '../support/chain';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { addHqUser, hqCaller } from '../support/hqUsers';
import { makeReturn, tillOp } from '../support/tillOps';
import {
  drainInbox,
  sendGeneric,
  setUpShops,
  startIngestServer,
  tieShopAccountToCard,
} from '../support/webshop';
import { genericBody } from '../support/webshopPayloads';

const CARD = '9900000000017';
const ANNA = {
  email: 'anna@example.com',
  phone: '+79120000001',
  name: 'Anna Petrova',
  shopAccountId: 'c-77',
};
const BORIS = {
  email: 'boris@example.com',
  phone: '+79120000099',
  name: 'Boris Orlov',
  shopAccountId: 'c-88',
};

function order(o: {
  number: string;
  placedAt: string;
  customer: typeof ANNA;
  method: 'pickup' | 'delivery';
  cancelled?: boolean;
}) {
  const body = genericBody({
    externalId: o.number,
    updatedAt: o.placedAt,
    customer: o.customer,
    groups: [
      o.method === 'pickup'
        ? { id: 'g1', method: 'pickup', locationId: 'loc-a' }
        : { id: 'g1', method: 'delivery' },
    ],
    ...(o.cancelled ? { cancelled: true } : {}),
  });
  body.order.placedAt = o.placedAt;
  return body;
}

describe.each(engines)('HQ omnichannel figures on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    let http: Awaited<ReturnType<typeof startIngestServer>>;
    let chain: Awaited<ReturnType<typeof setUpChain>>;
    beforeEach(async () => {
      t = await openTestDb(engine);
      chain = await setUpChain(t.db);
      await setUpShops(t.db, chain);
      http = await startIngestServer(t.db);
      // Anna's card was issued at a till; signed in to the shop, she redeemed a receipt's link code,
      // which ties her shop account to the card: her orders under that account are hers.
      await tieShopAccountToCard(t.db, {
        card: CARD,
        shopAccountId: ANNA.shopAccountId,
        atIssue: [{ type: 'phone', value: ANNA.phone, verified: false }],
      });
    });
    afterEach(async () => {
      await http.close();
      await t.dispose();
    });

    const sell = async (till: typeof chain.tillA, sales: Parameters<typeof makeSale>[]) => {
      const made = sales.map((args) => makeSale(...args));
      const answer = await till.caller.sync.push({
        deviceId: till.deviceId,
        installId: uuidv7(),
        ops: made.map((sale, i) => saleOp(i + 1, sale)),
      });
      expect(answer.results.map((r) => r.status)).toEqual(made.map(() => 'applied'));
      return made;
    };
    const send = async (body: unknown) => {
      expect((await sendGeneric(http.base, body, { eventId: uuidv7() })).status).toBe(200);
      await drainInbox(t.db);
    };
    const orderIdOf = async (number: string) =>
      (
        await t.db.kysely
          .selectFrom('web_orders')
          .select('id')
          .where('external_id', '=', number)
          .executeTakeFirstOrThrow()
      ).id;

    /**
     * September: Anna buys in store B. October: Anna in store A with her card, a stranger in cash,
     * Anna online for pickup. November: Anna in store B (and returns one of three), a stranger,
     * Boris online for delivery, and a cancelled order of his.
     */
    async function twoMonths() {
      await sell(chain.tillB, [[{ wallTime: '2026-09-20T10:00:00.000Z' }, [[5000, 1000]]]]);
      await sell(chain.tillA, [
        [{ wallTime: '2026-10-05T10:00:00.000Z' }, [[8990, 2000]]],
        [{ wallTime: '2026-10-06T11:00:00+03:00', cardNumber: null }, [[50000, 1000]]],
      ]);
      await send(
        order({ number: 'WEB-1', placedAt: '2026-10-07T09:00:00Z', customer: ANNA, method: 'pickup' }),
      );
      const [annaInNovember] = await sell(chain.tillB, [
        [{ wallTime: '2026-11-10T10:00:00.000Z' }, [[10000, 3000]]],
        [{ wallTime: '2026-11-14T10:00:00.000Z', cardNumber: null }, [[12000, 1000]]],
      ]);
      const refund = makeReturn(annaInNovember!.saleId, [{ lineNo: 1, quantityMilli: 1000 }], 10000, {
        wallTime: '2026-11-11T10:00:00.000Z',
      });
      const returned = await chain.tillB.caller.sync.push({
        deviceId: chain.tillB.deviceId,
        installId: uuidv7(),
        ops: [tillOp(1, 'return.record', refund)],
      });
      expect(returned.results[0]?.status).toBe('applied');
      await send(
        order({ number: 'WEB-2', placedAt: '2026-11-12T09:00:00Z', customer: BORIS, method: 'delivery' }),
      );
      await send(
        order({
          number: 'WEB-3',
          placedAt: '2026-11-13T09:00:00Z',
          customer: BORIS,
          method: 'delivery',
          cancelled: true,
        }),
      );
    }

    it('counts linked sales, channel mix, active, omnichannel and repeat customers and LTV by month', async () => {
      await twoMonths();
      const analyst = hqCaller(t.db, await addHqUser(t.db, 'analyst'));
      const figures = await analyst.hq.figures({ from: '2026-10', to: '2026-11' });

      expect(figures.currency).toBe('RUB');
      expect(figures.months).toEqual([
        {
          month: '2026-10',
          storeSales: 2,
          linkedSales: 1,
          storeMinor: 17980 + 50000,
          linkedMinor: 17980,
          returnsMinor: 0,
          onlineOrders: 1,
          onlineMinor: 27970,
          pickupMinor: 27970,
          activeCustomers: 1,
          omnichannelCustomers: 1,
          repeatCustomers: 1,
        },
        {
          month: '2026-11',
          storeSales: 2,
          linkedSales: 1,
          storeMinor: 30000 + 12000,
          linkedMinor: 30000,
          returnsMinor: 10000,
          onlineOrders: 1,
          onlineMinor: 27970,
          pickupMinor: 0,
          activeCustomers: 2,
          omnichannelCustomers: 0,
          repeatCustomers: 0,
        },
      ]);
      expect(figures.period).toEqual({
        storeSales: 4,
        linkedSales: 2,
        storeMinor: 109980,
        linkedMinor: 47980,
        returnsMinor: 10000,
        onlineOrders: 2,
        onlineMinor: 55940,
        pickupMinor: 27970,
        activeCustomers: 2,
        omnichannelCustomers: 1,
        repeatCustomers: 1,
      });
      // Anna's lifetime reaches back to September and is net of her refund; Boris bought once.
      expect(figures.ltv).toEqual([
        { segment: 'omnichannel', customers: 1, netMinor: 5000 + 17980 + 27970 + 30000 - 10000 },
        { segment: 'store', customers: 0, netMinor: 0 },
        { segment: 'online', customers: 1, netMinor: 27970 },
      ]);
      expect(figures.otherCurrency).toEqual({ storeSales: 0, onlineOrders: 0 });

      // An order in another currency is named, not summed with roubles.
      const euros = order({
        number: 'WEB-4',
        placedAt: '2026-11-20T09:00:00Z',
        customer: BORIS,
        method: 'delivery',
      });
      euros.order.currency = 'EUR';
      await send(euros);
      const again = await analyst.hq.figures({ from: '2026-10', to: '2026-11' });
      expect(again.otherCurrency).toEqual({ storeSales: 0, onlineOrders: 1 });
      expect(again.period).toEqual(figures.period);

      // September alone: Anna was a store customer then.
      const september = await analyst.hq.figures({ from: '2026-09', to: '2026-09' });
      expect(september.period).toMatchObject({ storeSales: 1, linkedSales: 1, activeCustomers: 1 });
      expect(september.ltv[1]).toEqual({ segment: 'store', customers: 1, netMinor: 5000 });
    });

    it('follows an erasure: the erased customer counts as nobody, their orders still count', async () => {
      await twoMonths();
      const admin = hqCaller(t.db, await addHqUser(t.db, 'admin'));
      const boris = (await admin.hq.identity.search({ query: BORIS.email })).customers[0]!.customerId;
      await admin.hq.identity.erase({ customerId: boris, confirm: boris });

      const figures = await admin.hq.figures({ from: '2026-11', to: '2026-11' });
      expect(figures.period).toMatchObject({ onlineOrders: 1, onlineMinor: 27970, activeCustomers: 1 });
      expect(figures.ltv.find((s) => s.segment === 'online')).toEqual({
        segment: 'online',
        customers: 0,
        netMinor: 0,
      });
    });

    it('measures pickup lead time from order to ready to collected, in the month it was collected', async () => {
      await twoMonths();
      const admin = hqCaller(t.db, await addHqUser(t.db, 'admin'));
      const orderId = await orderIdOf('WEB-1');
      await admin.hq.webshop.markReady({ orderId, storeId: chain.storeA });
      const handOut: PickupConfirm = {
        pickupId: uuidv7(),
        orderId,
        seenRevision: 2,
        verification: { method: 'code', failedAttempts: 0 },
        lines: [
          { lineId: '1', handedQuantity: 2, refusedQuantity: 0, refusalReason: null },
          { lineId: '2', handedQuantity: 1, refusedQuantity: 0, refusalReason: null },
        ],
        cardNumber: null,
        cashierId: null,
        wallTime: new Date().toISOString(),
      };
      const pushed = await chain.tillA.caller.sync.push({
        deviceId: chain.tillA.deviceId,
        installId: uuidv7(),
        ops: [tillOp(1, 'pickup.confirm', handOut)],
      });
      expect(pushed.results[0]?.status).toBe('applied');

      const thisMonth = new Date().toISOString().slice(0, 7);
      const { pickupLeadTime } = await admin.hq.figures({ from: thisMonth, to: thisMonth });
      expect(pickupLeadTime.collected).toBe(1);
      // Placed on 7 October, made ready and collected just now, a moment apart.
      const sinceOrder = (Date.now() - Date.parse('2026-10-07T09:00:00Z')) / 3_600_000;
      expect(pickupLeadTime.placedToReady!.p50).toBeGreaterThan(sinceOrder - 1);
      expect(pickupLeadTime.placedToReady!.p50).toBeLessThanOrEqual(sinceOrder + 0.1);
      expect(pickupLeadTime.readyToCollected).toEqual({ p50: 0, p90: 0 });
      const october = await admin.hq.figures({ from: '2026-10', to: '2026-10' });
      expect(october.pickupLeadTime).toEqual({
        collected: 0,
        placedToReady: null,
        readyToCollected: null,
        placedToCollected: null,
      });
    });

    it('refuses a range it cannot answer, and a store manager', async () => {
      const analyst = hqCaller(t.db, await addHqUser(t.db, 'analyst'));
      for (const range of [
        { from: '2026-11', to: '2026-10' },
        { from: '2026-13', to: '2026-12' },
        { from: '2023-01', to: '2026-01' },
        { from: '2026-1', to: '2026-02' },
      ]) {
        await expect(analyst.hq.figures(range)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      }
      await expect(analyst.hq.figures({ from: '2023-02', to: '2026-01' })).resolves.toMatchObject({
        months: expect.arrayContaining([expect.objectContaining({ month: '2024-12' })]) as unknown,
      });
      const manager = hqCaller(t.db, await addHqUser(t.db, 'store_manager'));
      await expect(manager.hq.figures({ from: '2026-10', to: '2026-11' })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    });
  });
});
