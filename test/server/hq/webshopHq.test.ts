import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expireOverdueParts } from '../../../server/pickup/expiry';
import { deliverDueEvents } from '../../../server/webshop/outbound';
import { canonicalJson } from '../../../shared/domain/canonicalJson';
import type { PickupConfirm } from '../../../shared/domain/pickup';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { payloadHash, type OutboxOp } from '../../../shared/sync/protocol';
import { setUpChain } from '../support/chain';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { addHqUser, hqCaller } from '../support/hqUsers';
import { drainInbox, sendGeneric, setUpShops, startIngestServer } from '../support/webshop';
import { genericBody } from '../support/webshopPayloads';

type Chain = Awaited<ReturnType<typeof setUpChain>>;

function handOutOp(orderId: string, lines: [lineId: string, handed: number, refused: number][]): OutboxOp {
  const payload: PickupConfirm = {
    pickupId: uuidv7(),
    orderId,
    seenRevision: 2,
    verification: { method: 'code', failedAttempts: 0 },
    lines: lines.map(([lineId, handed, refused]) => ({
      lineId,
      handedQuantity: handed,
      refusedQuantity: refused,
      refusalReason: refused > 0 ? 'damaged box' : null,
    })),
    cardNumber: null,
    cashierId: null,
    wallTime: new Date().toISOString(),
  };
  const travelled = JSON.parse(canonicalJson(payload)) as unknown;
  return {
    seq: 1,
    opId: uuidv7(),
    kind: 'pickup.confirm',
    schemaVersion: 1,
    payload: travelled,
    payloadHash: payloadHash(travelled),
    wallTime: payload.wallTime,
  };
}

/** Store B's order, and one the shop does not say how to split (pickup at A, delivery besides). */
const atStoreB = genericBody({
  externalId: 'WEB-20001',
  updatedAt: '2026-11-30T09:00:00Z',
  groups: [{ id: 'g1', method: 'pickup', locationId: 'loc-b' }],
});
const mixed = (updatedAt: string) =>
  genericBody({
    externalId: 'WEB-30001',
    updatedAt,
    groups: [
      { id: 'g1', method: 'pickup', locationId: 'loc-a' },
      { id: 'g2', method: 'delivery' },
    ],
    lines: [
      { lineId: '1', name: 'Milk 1 l', quantity: 2, unitPriceMinor: 8990, totalMinor: 17980 },
      { lineId: '2', name: 'Bread', quantity: 1, unitPriceMinor: 9990, totalMinor: 9990 },
    ],
  });

describe.each(engines)('HQ web-shop pages on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    let chain: Chain;
    let http: Awaited<ReturnType<typeof startIngestServer>>;
    const orderIdOf = async (externalId: string) =>
      (
        await t.db.kysely
          .selectFrom('web_orders')
          .select('id')
          .where('external_id', '=', externalId)
          .executeTakeFirstOrThrow()
      ).id;
    const send = async (body: unknown) => {
      expect((await sendGeneric(http.base, body, { eventId: uuidv7() })).status).toBe(200);
      await drainInbox(t.db);
    };

    beforeEach(async () => {
      t = await openTestDb(engine);
      chain = await setUpChain(t.db);
      // Nothing listens on port 9: every status webhook fails and waits for its retry.
      await setUpShops(t.db, chain, 'http://127.0.0.1:9/omnitill');
      http = await startIngestServer(t.db);
      await send(genericBody({ updatedAt: '2026-11-30T09:00:00Z' }));
      await send(atStoreB);
    });
    afterEach(async () => {
      await http.close();
      await t.dispose();
    });

    it('lists orders by store, state and number a page at a time; a store manager sees their stores only', async () => {
      const admin = hqCaller(t.db, await addHqUser(t.db, 'admin'));
      const managerA = hqCaller(t.db, await addHqUser(t.db, 'store_manager', { storeIds: [chain.storeA] }));
      const all = await admin.hq.webshop.orderPage({});
      expect(all.rows.map((r) => [r.orderNumber, r.storeName, r.status])).toEqual([
        ['WEB-20001', 'Store B', 'awaiting'],
        ['WEB-10042', 'Store A', 'awaiting'],
      ]);
      const first = await admin.hq.webshop.orderPage({ limit: 1 });
      expect(first.rows.map((r) => r.orderNumber)).toEqual(['WEB-20001']);
      const second = await admin.hq.webshop.orderPage({ limit: 1, cursor: first.nextCursor ?? '' });
      expect([second.rows.map((r) => r.orderNumber), second.nextCursor]).toEqual([['WEB-10042'], null]);
      expect((await admin.hq.webshop.orderPage({ search: '#10042' })).rows.map((r) => r.orderNumber)).toEqual(
        ['WEB-10042'],
      );
      expect((await admin.hq.webshop.orderPage({ search: '%' })).rows).toEqual([]);
      expect((await admin.hq.webshop.orderPage({ status: 'ready' })).rows).toEqual([]);
      await expect(admin.hq.webshop.orderPage({ cursor: 'made-up' })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });

      expect((await managerA.hq.webshop.orderPage({})).rows.map((r) => r.orderNumber)).toEqual(['WEB-10042']);
      expect((await managerA.hq.webshop.orderPage({ storeId: chain.storeB })).rows).toEqual([]);
      await expect(
        managerA.hq.webshop.order({ orderId: await orderIdOf('WEB-20001') }),
      ).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    });

    it("shows an order's lines, state history, the desk's hand-out and the shop's webhooks", async () => {
      const admin = hqCaller(t.db, await addHqUser(t.db, 'admin'));
      const orderId = await orderIdOf('WEB-10042');
      await admin.hq.webshop.markReady({ orderId, storeId: chain.storeA });
      const pushed = await chain.tillA.caller.sync.push({
        deviceId: chain.tillA.deviceId,
        installId: uuidv7(),
        ops: [
          handOutOp(orderId, [
            ['1', 2, 0],
            ['2', 0, 1],
          ]),
        ],
      });
      expect(pushed.results[0]?.status).toBe('applied');
      // A second desk confirming the same order is refused, and the detail shows both.
      await chain.tillA.caller.sync.push({
        deviceId: chain.tillA.deviceId,
        installId: uuidv7(),
        ops: [handOutOp(orderId, [['2', 1, 0]])],
      });

      const detail = await admin.hq.webshop.order({ orderId });
      expect(detail).toMatchObject({
        orderNumber: 'WEB-10042',
        paid: true,
        customer: { maskedName: 'Anna P.' },
        parts: [{ storeName: 'Store A', status: 'partly_collected' }],
      });
      expect(detail.parts[0]?.lines.map((l) => [l.name, l.quantity, l.collectedQuantity])).toEqual([
        ['Milk 1 l', 2, 2],
        ['Bread', 1, 0],
      ]);
      expect(detail.history.map((h) => [h.fromStatus, h.toStatus])).toEqual([
        [null, 'awaiting'],
        ['awaiting', 'ready'],
        ['ready', 'partly_collected'],
      ]);
      expect(
        detail.handouts.map((h) => [h.outcome, h.deviceName, h.handedQuantity, h.refusedQuantity]),
      ).toEqual([
        ['applied', 'Till A1', 2, 1],
        ['rejected', 'Till A1', 1, 0],
      ]);
      expect(detail.outbound.map((e) => [e.type, e.status, e.attempts])).toEqual([
        ['pickup.ready', 'pending', 0],
        ['pickup.partly_collected', 'pending', 0],
      ]);
      const review = await admin.hq.webshop.review();
      expect(review.refusedHandouts.map((h) => [h.orderId, h.reason])).toEqual([
        [orderId, 'already_collected'],
      ]);
    });

    it('a flagged order is routed as a person decides, once, and stays routed through later updates', async () => {
      await send(mixed('2026-11-30T09:00:00Z'));
      const admin = hqCaller(t.db, await addHqUser(t.db, 'admin'));
      const orderId = await orderIdOf('WEB-30001');
      expect((await admin.hq.webshop.review()).unrouted.map((o) => o.orderNumber)).toEqual(['WEB-30001']);
      await expect(
        admin.hq.webshop.resolveReview({ orderId, resolution: { kind: 'store', storeId: uuidv7() } }),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST' });

      await admin.hq.webshop.resolveReview({ orderId, resolution: { kind: 'store', storeId: chain.storeA } });
      expect((await admin.hq.webshop.review()).unrouted).toEqual([]);
      const routed = await admin.hq.webshop.order({ orderId });
      expect(routed.parts.map((p) => [p.storeName, p.status, p.lines.length])).toEqual([
        ['Store A', 'awaiting', 2],
      ]);
      await expect(
        admin.hq.webshop.resolveReview({ orderId, resolution: { kind: 'delivery_only' } }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });

      await send(mixed('2026-11-30T10:00:00Z'));
      expect((await admin.hq.webshop.review()).unrouted).toEqual([]);
      expect((await admin.hq.webshop.order({ orderId })).parts.map((p) => p.status)).toEqual(['awaiting']);
    });

    it('delivery only: the flagged order gets no store part', async () => {
      await send(mixed('2026-11-30T09:00:00Z'));
      const admin = hqCaller(t.db, await addHqUser(t.db, 'admin'));
      const orderId = await orderIdOf('WEB-30001');
      await admin.hq.webshop.resolveReview({ orderId, resolution: { kind: 'delivery_only' } });
      expect((await admin.hq.webshop.review()).unrouted).toEqual([]);
      expect((await admin.hq.webshop.order({ orderId })).parts).toEqual([]);
    });

    it('an expired order leaves the return-to-shelf list once its store says the goods are back', async () => {
      const orderId = await orderIdOf('WEB-10042');
      const managerA = hqCaller(t.db, await addHqUser(t.db, 'store_manager', { storeIds: [chain.storeA] }));
      const managerB = hqCaller(t.db, await addHqUser(t.db, 'store_manager', { storeIds: [chain.storeB] }));
      await expect(
        managerA.hq.webshop.returnedToShelf({ orderId, storeId: chain.storeA }),
      ).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      const { holdUntil } = await managerA.hq.webshop.markReady({ orderId, storeId: chain.storeA });
      expect(await expireOverdueParts(t.db, new Date(Date.parse(holdUntil) + 1000))).toBe(1);
      expect((await managerA.hq.webshop.review()).returnToShelf.map((p) => p.orderNumber)).toEqual([
        'WEB-10042',
      ]);
      expect((await managerB.hq.webshop.review()).returnToShelf).toEqual([]);
      await expect(
        managerB.hq.webshop.returnedToShelf({ orderId, storeId: chain.storeA }),
      ).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });

      await managerA.hq.webshop.returnedToShelf({ orderId, storeId: chain.storeA });
      expect((await managerA.hq.webshop.review()).returnToShelf).toEqual([]);
      expect((await managerA.hq.webshop.order({ orderId })).parts[0]?.shelvedAt).not.toBeNull();
      await expect(
        managerA.hq.webshop.returnedToShelf({ orderId, storeId: chain.storeA }),
      ).rejects.toMatchObject({
        code: 'CONFLICT',
      });
    });

    it('a failing status webhook is listed with its error and can be made due at once', async () => {
      const admin = hqCaller(t.db, await addHqUser(t.db, 'admin'));
      const orderId = await orderIdOf('WEB-10042');
      await admin.hq.webshop.markReady({ orderId, storeId: chain.storeA });
      expect(await deliverDueEvents(t.db, { timeoutMs: 2000 })).toBe(0);
      const [failing] = (await admin.hq.webshop.review()).failingOutbound;
      expect(failing).toMatchObject({ orderNumber: 'WEB-10042', type: 'pickup.ready', attempts: 1 });
      expect(failing?.lastError).toBeTruthy();
      expect(Date.parse(failing?.nextAttemptAt ?? '')).toBeGreaterThan(Date.now());

      await admin.hq.webshop.retryOutbound({ eventId: failing?.id ?? '' });
      const [due] = await admin.hq.webshop.outbound({});
      expect(Date.parse(due?.nextAttemptAt ?? '')).toBeLessThanOrEqual(Date.now());
      await expect(admin.hq.webshop.retryOutbound({ eventId: uuidv7() })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    });

    it('a disabled connection refuses webhooks with nothing stored, and takes them again once enabled', async () => {
      const admin = hqCaller(t.db, await addHqUser(t.db, 'admin'));
      await admin.hq.webshop.setConnectionEnabled({ id: 'shop-generic', enabled: false });
      const disabledAt = async () =>
        (await admin.hq.webshop.connections()).find((c) => c.id === 'shop-generic')?.disabledAt;
      const since = await disabledAt();
      expect(since).not.toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 5));
      await admin.hq.webshop.setConnectionEnabled({ id: 'shop-generic', enabled: false });
      expect(await disabledAt()).toBe(since);
      const inbox = async () => (await t.db.kysely.selectFrom('ingest_inbox').select('id').execute()).length;
      const before = await inbox();
      const body = genericBody({ externalId: 'WEB-40001', updatedAt: '2026-11-30T09:00:00Z' });
      expect((await sendGeneric(http.base, body, { eventId: uuidv7() })).status).toBe(403);
      expect(await inbox()).toBe(before);
      expect(
        (await admin.hq.webshop.connections()).find((c) => c.id === 'shop-generic')?.disabledAt,
      ).not.toBeNull();

      await admin.hq.webshop.setConnectionEnabled({ id: 'shop-generic', enabled: true });
      expect((await sendGeneric(http.base, body, { eventId: uuidv7() })).status).toBe(200);
      expect(await inbox()).toBe(before + 1);
    });
  });
});
