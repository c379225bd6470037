import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publishLoyaltyConfig } from '../../../server/loyalty/configs';
import { demoCardNumber } from '../../../server/seed/demoData';
import type { PickupConfirm } from '../../../shared/domain/pickup';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import type { LoyaltyConfig } from '../../../shared/loyalty';
import type { OutboxOp } from '../../../shared/sync/protocol';
import { chainConfig } from './saleLoyalty';
import { makeSale, saleOp, setUpChain } from '../support/chain';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { addHqUser, hqCaller } from '../support/hqUsers';
import { tillOp } from '../support/tillOps';
import {
  drainInbox,
  pullTopic,
  sendGeneric,
  setUpShops,
  startIngestServer,
  tieShopAccountToCard,
} from '../support/webshop';
import { genericBody } from '../support/webshopPayloads';

const CARD = '9900000000017';
/** A blank card of the chain's default scheme, handed over in place of a lost one. */
const NEW_CARD = demoCardNumber(777);
const ANNA = { email: 'anna@example.com', name: 'Anna Petrova', shopAccountId: 'c-77' };
const DELIVERY = [{ id: 'g1', method: 'delivery' }];
const PICKUP = [{ id: 'g1', method: 'pickup', locationId: 'loc-a' }];

/** 10 % back in points at the base tier, 20 % from 10,000.00 of lifetime spend; a point pays 1.00. */
const CONFIG: LoyaltyConfig = {
  ...chainConfig,
  tiers: [
    { ...chainConfig.tiers[0]!, earnBp: 1000 },
    { ...chainConfig.tiers[1]!, minLifetimeSpendMinor: 1_000_000, discountBp: 0, earnBp: 2000 },
  ],
};

describe.each(engines)('online orders earn points on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    let http: Awaited<ReturnType<typeof startIngestServer>>;
    let chain: Awaited<ReturnType<typeof setUpChain>>;
    beforeEach(async () => {
      t = await openTestDb(engine);
      chain = await setUpChain(t.db);
      await setUpShops(t.db, chain);
      http = await startIngestServer(t.db);
      await publishLoyaltyConfig(t.db.kysely, CONFIG, new Date().toISOString());
      // Anna's card was issued at a till; signed in to the shop, she redeemed a receipt's link code,
      // which ties her shop account to the card.
      await tieShopAccountToCard(t.db, { card: CARD, shopAccountId: ANNA.shopAccountId });
    });
    afterEach(async () => {
      await http.close();
      await t.dispose();
    });

    /** One operation from till A, applied. */
    const push = async (op: OutboxOp) => {
      const pushed = await chain.tillA.caller.sync.push({
        deviceId: chain.tillA.deviceId,
        installId: uuidv7(),
        ops: [op],
      });
      expect(pushed.results[0]?.status).toBe('applied');
    };
    const send = async (body: unknown) => {
      expect((await sendGeneric(http.base, body, { eventId: uuidv7() })).status).toBe(200);
      await drainInbox(t.db);
    };
    const annaOrder = (
      updatedAt: string,
      o: Parameters<typeof genericBody>[0] extends infer P ? Partial<P> : never,
    ) => genericBody({ externalId: 'WEB-1', updatedAt, customer: ANNA, groups: DELIVERY, ...o });
    const ledger = async () => {
      const analyst = hqCaller(t.db, await addHqUser(t.db, 'analyst'));
      return analyst.hq.customerLedger({ customerId: 'cust-1' });
    };
    const entries = async () =>
      (await ledger()).entries.map((e) => [e.kind, e.points, e.orderNumber, e.cardNumber] as const);

    it('earns when a delivery is paid, and follows a lower total and a cancellation', async () => {
      await send(annaOrder('2026-11-30T09:00:00Z', { paid: false, totalMinor: 500_000 }));
      expect((await ledger()).entries).toEqual([]);

      await send(annaOrder('2026-11-30T09:05:00Z', { totalMinor: 500_000 }));
      expect(await entries()).toEqual([['earn', 500, 'WEB-1', CARD]]);
      expect(await ledger()).toMatchObject({ balance: 500, lifetimeSpendMinor: 500_000 });
      // The card's till panel learns the new balance with its next pull.
      const balance = async () => {
        const summaries = await pullTopic(chain.tillA.caller, 'customer_summary', 1);
        return (summaries.filter((c) => c.id === 'cust-1').at(-1)?.data as { pointsBalance?: number })
          ?.pointsBalance;
      };
      await expect.poll(balance, { timeout: 15_000, interval: 200 }).toBe(500);

      // The same delivery again, and a newer one that changes nothing this earns on: no new entry.
      await send(annaOrder('2026-11-30T09:05:00Z', { totalMinor: 500_000 }));
      await send(annaOrder('2026-11-30T09:06:00Z', { totalMinor: 500_000, platformStatus: 'fulfilled' }));
      expect(await entries()).toHaveLength(1);

      // A line refunded: the earn is reversed and written again on the new total.
      await send(annaOrder('2026-11-30T09:10:00Z', { totalMinor: 300_000 }));
      expect(await entries()).toEqual([
        ['earn', 300, 'WEB-1', CARD],
        ['reversal', -500, 'WEB-1', CARD],
        ['earn', 500, 'WEB-1', CARD],
      ]);
      expect(await ledger()).toMatchObject({ balance: 300, lifetimeSpendMinor: 300_000 });

      await send(annaOrder('2026-11-30T09:20:00Z', { totalMinor: 300_000, cancelled: true }));
      expect((await entries())[0]).toEqual(['reversal', -300, 'WEB-1', CARD]);
      expect(await ledger()).toMatchObject({ balance: 0, lifetimeSpendMinor: 0 });
      await expect.poll(balance, { timeout: 15_000, interval: 200 }).toBe(0);

      // A late update of the cancelled order, and an older one arriving late, earn nothing again.
      await send(annaOrder('2026-11-30T09:15:00Z', { totalMinor: 300_000 }));
      expect(await ledger()).toMatchObject({ balance: 0, lifetimeSpendMinor: 0 });
      expect(await entries()).toHaveLength(4);
    });

    it('prices an order at the tier its customer had without it, and keeps that price', async () => {
      // 12,000.00 online would lift Anna to gold; the order itself earns at her base tier.
      await send(annaOrder('2026-11-30T09:00:00Z', { totalMinor: 1_200_000 }));
      expect(await entries()).toEqual([['earn', 1200, 'WEB-1', CARD]]);
      expect((await ledger()).tierCode).toBe('gold');
      await send(annaOrder('2026-11-30T09:05:00Z', { totalMinor: 1_200_000, platformStatus: 'shipped' }));
      expect(await entries()).toEqual([['earn', 1200, 'WEB-1', CARD]]);
      // Her next order earns at gold.
      await send({
        ...genericBody({
          externalId: 'WEB-2',
          updatedAt: '2026-11-30T10:00:00Z',
          customer: ANNA,
          groups: DELIVERY,
          totalMinor: 100_000,
        }),
      });
      expect((await entries())[0]).toEqual(['earn', 200, 'WEB-2', CARD]);
    });

    it('earns nothing for a stranger, another currency, a refunded or an unpaid order', async () => {
      await send(
        genericBody({
          externalId: 'WEB-S',
          updatedAt: '2026-11-30T09:00:00Z',
          customer: { email: 'stranger@example.com' },
          groups: DELIVERY,
          visitorId: null,
        }),
      );
      const usd = annaOrder('2026-11-30T09:00:00Z', { externalId: 'WEB-USD' });
      usd.order.currency = 'USD';
      await send(usd);
      await send(
        genericBody({
          externalId: 'WEB-R',
          updatedAt: '2026-11-30T09:00:00Z',
          customer: ANNA,
          groups: DELIVERY,
          platformStatus: 'refunded',
        }),
      );
      await send(
        genericBody({
          externalId: 'WEB-U',
          updatedAt: '2026-11-30T09:00:00Z',
          customer: ANNA,
          groups: DELIVERY,
          paid: false,
        }),
      );
      expect(await t.db.kysely.selectFrom('loyalty_ledger').select('id').execute()).toEqual([]);
      expect(await ledger()).toMatchObject({ balance: 0, lifetimeSpendMinor: 0 });
    });

    it('a store pickup earns on what the desk hands out, for the card scanned there', async () => {
      // A guest checkout the graph ties to nobody: nothing to earn for until the desk sees a card.
      await send(
        genericBody({
          externalId: 'WEB-P',
          updatedAt: '2026-11-30T09:00:00Z',
          customer: { email: 'guest@example.com' },
          groups: PICKUP,
          visitorId: null,
        }),
      );
      const order = await t.db.kysely
        .selectFrom('web_orders')
        .select('id')
        .where('external_id', '=', 'WEB-P')
        .executeTakeFirstOrThrow();
      const admin = hqCaller(t.db, await addHqUser(t.db, 'admin'));
      await admin.hq.webshop.markReady({ orderId: order.id, storeId: chain.storeA });
      expect(await t.db.kysely.selectFrom('loyalty_ledger').select('id').execute()).toEqual([]);

      // Milk: one of two handed out, the other refused; bread handed out. 89.90 + 99.90 = 189.80.
      const handOut: PickupConfirm = {
        pickupId: uuidv7(),
        orderId: order.id,
        seenRevision: 2,
        verification: { method: 'code', failedAttempts: 0 },
        lines: [
          { lineId: '1', handedQuantity: 1, refusedQuantity: 1, refusalReason: 'dented' },
          { lineId: '2', handedQuantity: 1, refusedQuantity: 0, refusalReason: null },
        ],
        cardNumber: CARD,
        cashierId: null,
        wallTime: new Date().toISOString(),
      };
      await push(tillOp(1, 'pickup.confirm', handOut));
      expect(await entries()).toEqual([['earn', 18, 'WEB-P', CARD]]);
      expect(await ledger()).toMatchObject({ balance: 18, lifetimeSpendMinor: 18_980 });
    });

    it("keeps an order's earn when HQ replaces the lost card; the next orders earn on the new one", async () => {
      await send(annaOrder('2026-11-30T09:00:00Z', { totalMinor: 500_000 }));
      const admin = hqCaller(t.db, await addHqUser(t.db, 'admin'));
      await admin.hq.cards.block({ cardNumber: CARD, reason: 'lost', replacement: NEW_CARD });
      await send(annaOrder('2026-11-30T09:05:00Z', { totalMinor: 500_000, platformStatus: 'fulfilled' }));
      expect(await entries()).toEqual([['earn', 500, 'WEB-1', CARD]]);

      const next = (externalId: string) =>
        genericBody({
          externalId,
          updatedAt: '2026-11-30T10:00:00Z',
          customer: ANNA,
          groups: DELIVERY,
          totalMinor: 100_000,
        });
      await send(next('WEB-2'));
      expect((await entries())[0]).toEqual(['earn', 100, 'WEB-2', NEW_CARD]);
      // Lost again, not replaced yet: the points still go to her, on the card that names her.
      await admin.hq.cards.block({ cardNumber: NEW_CARD, reason: 'lost again' });
      await send(next('WEB-3'));
      expect((await entries())[0]).toEqual(['earn', 100, 'WEB-3', NEW_CARD]);
      expect(await ledger()).toMatchObject({ balance: 700, lifetimeSpendMinor: 700_000 });
    });

    it('store and online points add up on one balance', async () => {
      await push(saleOp(1, makeSale()));
      const before = await ledger();
      await send(annaOrder('2026-11-30T09:00:00Z', { totalMinor: 50_000 }));
      const after = await ledger();
      expect(after.balance).toBe(before.balance + 50);
      expect(after.lifetimeSpendMinor).toBe(before.lifetimeSpendMinor + 50_000);
    });
  });
});
