import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConnection } from '../../../server/webshop/connections';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { pickupOrderRowSchema } from '../../../shared/domain/pickup';
import { setUpChain } from '../support/chain';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import {
  drainInbox,
  genericSig,
  hmacBase64,
  parts,
  pullTopic,
  SECRET,
  sendGeneric,
  sendShopify,
  sendWoo,
  setUpShops,
  startIngestServer,
} from '../support/webshop';
import { genericBody, shopifyFulfillmentOrder, shopifyOrder, wooOrder } from '../support/webshopPayloads';

type Chain = Awaited<ReturnType<typeof setUpChain>>;

describe.each(engines)('web-shop webhooks over HTTP on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    let chain: Chain;
    let http: Awaited<ReturnType<typeof startIngestServer>>;
    beforeEach(async () => {
      t = await openTestDb(engine);
      chain = await setUpChain(t.db);
      await setUpShops(t.db, chain);
      http = await startIngestServer(t.db);
    });
    afterEach(async () => {
      await http.close();
      await t.dispose();
    });

    const inboxCount = async () =>
      Number(
        (
          await t.db.kysely
            .selectFrom('ingest_inbox')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const pulled = (till: Chain['tillA'], atLeast = 1) => pullTopic(till.caller, 'pickup_order', atLeast);

    it('accepts the documented Shopify test vector and refuses the same body with one byte changed', async () => {
      await createConnection(t.db, {
        id: 'vector-shopify',
        platform: 'shopify',
        name: 'Vector',
        secret: 'test_secret_key',
        allowedOrigins: [],
        outboundUrl: null,
        holdDays: 3,
        locations: [],
      });
      const post = (body: string) =>
        fetch(`${http.base}/ingest/shopify/vector-shopify`, {
          method: 'POST',
          headers: {
            'x-shopify-topic': 'orders/create',
            'x-shopify-webhook-id': 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
            'x-shopify-hmac-sha256': 'B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g=',
          },
          body,
        });
      expect((await post('{"foo": "bar"}')).status).toBe(200);
      expect((await post('{"foo": "baz"}')).status).toBe(401);
      expect(await inboxCount()).toBe(1);
      // Signed and JSON, but not an order: kept as failed for review, nothing else written.
      await drainInbox(t.db);
      const row = await t.db.kysely
        .selectFrom('ingest_inbox')
        .select(['status', 'error'])
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('failed');
      const review = await t.db.kysely.selectFrom('web_orders').selectAll().execute();
      expect(review).toEqual([]);
    });

    it('refuses bad signatures, unknown connections, oversized and non-JSON bodies, and stores nothing', async () => {
      const body = genericBody({ updatedAt: '2026-11-30T09:00:00Z' });
      expect(
        (await sendGeneric(http.base, body, { eventId: uuidv7(), secret: 'wrong-secret-wrong-secret' }))
          .status,
      ).toBe(401);
      const old = Math.floor(Date.now() / 1000) - 6 * 60;
      expect((await sendGeneric(http.base, body, { eventId: uuidv7(), timestamp: old })).status).toBe(401);
      expect(
        (await sendGeneric(http.base, body, { eventId: uuidv7(), connection: 'no-such-shop' })).status,
      ).toBe(404);
      // A connection answers only under its own platform's path.
      const wrongPath = await fetch(`${http.base}/ingest/shopify/shop-generic`, {
        method: 'POST',
        body: '{}',
      });
      expect(wrongPath.status).toBe(404);
      const huge = JSON.stringify({ ...body, padding: 'x'.repeat(1024 * 1024) });
      expect((await sendGeneric(http.base, huge, { eventId: uuidv7() })).status).toBe(413);
      expect(
        (await sendGeneric(http.base, '{"schema": "omnitill.order.v1",', { eventId: uuidv7() })).status,
      ).toBe(400);
      expect((await sendGeneric(http.base, body, { eventId: 'not-a-uuid' })).status).toBe(400);
      expect(
        (await sendShopify(http.base, 'orders/create', '{"id": 1}', { webhookId: 'w', secret: 'other' }))
          .status,
      ).toBe(401);
      expect((await sendWoo(http.base, 'order.created', '{"id": 1}', { secret: 'other' })).status).toBe(401);
      expect((await fetch(`${http.base}/ingest/generic/shop-generic`)).status).toBe(405);
      expect(await inboxCount()).toBe(0);
    });

    it("answers WooCommerce's unsigned activation ping 200 and creates nothing", async () => {
      const res = await fetch(`${http.base}/ingest/woocommerce/shop-woocommerce`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'webhook_id=12',
      });
      expect(res.status).toBe(200);
      expect(await inboxCount()).toBe(0);
    });

    it('routes a generic pickup order to its store only; a repeated delivery changes nothing', async () => {
      const body = genericBody({ updatedAt: '2026-11-30T09:00:00Z' });
      const eventId = uuidv7();
      const first = await sendGeneric(http.base, body, { eventId });
      expect(first.status).toBe(200);
      expect(JSON.parse(first.body)).toEqual({ ok: true, duplicate: false });
      const again = await sendGeneric(http.base, body, { eventId });
      expect(JSON.parse(again.body)).toEqual({ ok: true, duplicate: true });
      expect(await inboxCount()).toBe(1);
      await drainInbox(t.db);

      const atA = await pulled(chain.tillA);
      expect(atA).toHaveLength(1);
      const row = pickupOrderRowSchema.parse(atA[0]?.data);
      expect(row).toMatchObject({
        orderNumber: 'WEB-10042',
        storeId: chain.storeA,
        status: 'awaiting',
        revision: 1,
        currency: 'RUB',
        totalMinor: 27970,
        payment: 'paid',
        pickupCodeHash: null,
        holdUntil: null,
      });
      expect(row.customer.maskedName).toBe('Anna P.');
      expect(row.customer.phoneTail).toBe('0001');
      // The order's phone is the demo customer's: the desk can find the order by that card.
      expect(row.customer.cardNumbers).toEqual(['9900000000017']);
      expect(row.lines.map((l) => [l.lineId, l.quantity, l.collectedQuantity, l.totalMinor])).toEqual([
        ['1', 2, 0, 17980],
        ['2', 1, 0, 9990],
      ]);
      expect(await pulled(chain.tillB, 0)).toEqual([]);
      const order = await t.db.kysely
        .selectFrom('web_orders')
        .select(['visitor_id', 'attribution', 'shop_customer_id'])
        .executeTakeFirstOrThrow();
      expect(order.visitor_id).toBe('v-0192');
      expect(JSON.parse(order.attribution ?? '{}')).toEqual({
        utm: { source: 'newsletter', medium: 'email', campaign: 'autumn' },
      });
      expect(order.shop_customer_id).toBe('c-77');
    });

    it('never lets an older update overwrite a newer one, whatever the arrival order', async () => {
      const newer = genericBody({
        type: 'updated',
        updatedAt: '2026-11-30T10:00:00Z',
        lines: [
          {
            lineId: '1',
            name: 'Milk 1 l',
            quantity: 3,
            unitPriceMinor: 8990,
            totalMinor: 26970,
            groupId: 'g1',
          },
        ],
      });
      const older = genericBody({ updatedAt: '2026-11-30T09:00:00Z' });
      await sendGeneric(http.base, newer, { eventId: uuidv7() });
      await sendGeneric(http.base, older, { eventId: uuidv7() });
      await drainInbox(t.db);
      const [part] = await parts(t.db);
      expect(JSON.parse(part?.lines ?? '[]')).toMatchObject([{ lineId: '1', quantity: 3 }]);
      expect(part?.revision).toBe(1);
      const statuses = await t.db.kysely
        .selectFrom('ingest_inbox')
        .select(['status', 'error'])
        .orderBy('id')
        .execute();
      expect(statuses).toEqual([
        { status: 'applied', error: null },
        { status: 'ignored', error: 'not newer than the stored order' },
      ]);
    });

    it('cancels an open part when the shop cancels the order', async () => {
      await sendGeneric(http.base, genericBody({ updatedAt: '2026-11-30T09:00:00Z' }), { eventId: uuidv7() });
      await drainInbox(t.db);
      await sendGeneric(http.base, genericBody({ type: 'cancelled', updatedAt: '2026-11-30T09:30:00Z' }), {
        eventId: uuidv7(),
      });
      await drainInbox(t.db);
      expect((await parts(t.db)).map((p) => [p.status, p.revision])).toEqual([['cancelled', 2]]);
      const rows = (await pulled(chain.tillA, 2)).map((c) => pickupOrderRowSchema.parse(c.data));
      expect(rows.map((r) => [r.status, r.revision])).toEqual([
        ['awaiting', 1],
        ['cancelled', 2],
      ]);
    });

    it('keeps both parts of an order picked up at two stores, and flags one that does not say which line goes where', async () => {
      const twoStores = genericBody({
        externalId: 'WEB-2',
        updatedAt: '2026-11-30T09:00:00Z',
        groups: [
          { id: 'g1', method: 'pickup', locationId: 'loc-a' },
          { id: 'g2', method: 'pickup', locationTitle: 'store b' },
          { id: 'g3', method: 'delivery' },
        ],
        lines: [
          { lineId: '1', name: 'Milk', quantity: 1, unitPriceMinor: 100, totalMinor: 100, groupId: 'g1' },
          { lineId: '2', name: 'Bread', quantity: 1, unitPriceMinor: 100, totalMinor: 100, groupId: 'g2' },
          { lineId: '3', name: 'Sofa', quantity: 1, unitPriceMinor: 100, totalMinor: 100, groupId: 'g3' },
        ],
      });
      const unclear = genericBody({
        externalId: 'WEB-3',
        updatedAt: '2026-11-30T09:00:00Z',
        groups: [
          { id: 'g1', method: 'pickup', locationId: 'loc-a' },
          { id: 'g2', method: 'delivery' },
        ],
        lines: [
          { lineId: '1', name: 'Milk', quantity: 1, unitPriceMinor: 100, totalMinor: 100 },
          { lineId: '2', name: 'Sofa', quantity: 1, unitPriceMinor: 100, totalMinor: 100 },
        ],
      });
      await sendGeneric(http.base, twoStores, { eventId: uuidv7() });
      await sendGeneric(http.base, unclear, { eventId: uuidv7() });
      await drainInbox(t.db);
      const routed = await parts(t.db);
      expect(
        routed.map((p) => [
          p.external_id,
          p.store_id,
          (JSON.parse(p.lines) as { lineId: string }[]).map((l) => l.lineId),
        ]),
      ).toEqual(
        [
          ['WEB-2', chain.storeA, ['1']],
          ['WEB-2', chain.storeB, ['2']],
        ].sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
      );
      const flagged = await t.db.kysely
        .selectFrom('web_orders')
        .select(['external_id', 'review_reason'])
        .where('review_reason', 'is not', null)
        .execute();
      expect(flagged).toEqual([
        {
          external_id: 'WEB-3',
          review_reason: 'mixed fulfilment: the shop does not say which lines are picked up where',
        },
      ]);
    });

    it('Shopify: routes a pickup order by its location title, and a mixed one by its fulfilment orders', async () => {
      const pickupOnly = shopifyOrder({
        id: 1001,
        updatedAt: '2026-11-30T12:00:00+03:00',
        shipping: [{ title: 'Store A' }],
      });
      expect((await sendShopify(http.base, 'orders/create', pickupOnly, { webhookId: 'w-1' })).status).toBe(
        200,
      );
      // The same action's orders/paid shares X-Shopify-Event-Id: a different delivery all the same.
      await sendShopify(http.base, 'orders/paid', pickupOnly, { webhookId: 'w-2', eventId: 'evt-1' });
      expect(await inboxCount()).toBe(2);

      const mixed = shopifyOrder({
        id: 1002,
        updatedAt: '2026-11-30T12:00:00+03:00',
        shipping: [{ title: 'Store A' }, { title: 'Standard Shipping' }],
        noteAttributes: [
          { name: 'omnitill_vid', value: 'vid-77' },
          { name: 'utm_source', value: 'yandex' },
        ],
      });
      await sendShopify(http.base, 'orders/create', mixed, { webhookId: 'w-3' });
      await drainInbox(t.db);
      expect((await parts(t.db)).map((p) => p.external_id)).toEqual(['1001']);
      const flagged = await t.db.kysely
        .selectFrom('web_orders')
        .select(['review_reason', 'visitor_id', 'attribution'])
        .where('external_id', '=', '1002')
        .executeTakeFirstOrThrow();
      expect(flagged.review_reason).toMatch(/mixed fulfilment/);
      expect(flagged.visitor_id).toBe('vid-77');
      expect((JSON.parse(flagged.attribution ?? '{}') as { utm?: unknown }).utm).toEqual({
        source: 'yandex',
      });

      const pickupFo = shopifyFulfillmentOrder({
        id: 5001,
        orderId: 1002,
        updatedAt: '2026-11-30T12:01:00+03:00',
        methodType: 'pick_up',
        locationId: 905684977,
        lines: [{ lineItemId: 466157049, quantity: 1 }],
      });
      const shipFo = shopifyFulfillmentOrder({
        id: 5002,
        orderId: 1002,
        updatedAt: '2026-11-30T12:01:00+03:00',
        methodType: 'shipping',
        locationId: 905684978,
        lines: [{ lineItemId: 518995019, quantity: 2 }],
      });
      await sendShopify(
        http.base,
        'fulfillment_orders/order_routing_complete',
        { fulfillment_order: pickupFo },
        { webhookId: 'w-4' },
      );
      await sendShopify(
        http.base,
        'fulfillment_orders/order_routing_complete',
        { fulfillment_order: shipFo },
        { webhookId: 'w-5' },
      );
      await drainInbox(t.db);
      const routed = (await parts(t.db)).find((p) => p.external_id === '1002');
      expect(routed?.store_id).toBe(chain.storeA);
      expect(JSON.parse(routed?.lines ?? '[]')).toMatchObject([
        { lineId: '466157049', quantity: 1, totalMinor: 19900 },
      ]);
      const cleared = await t.db.kysely
        .selectFrom('web_orders')
        .select('review_reason')
        .where('external_id', '=', '1002')
        .executeTakeFirstOrThrow();
      expect(cleared.review_reason).toBeNull();

      // Shopify retries a delivery with its original body and webhook id: nothing new.
      const retry = await sendShopify(
        http.base,
        'fulfillment_orders/order_routing_complete',
        { fulfillment_order: shipFo },
        { webhookId: 'w-5' },
      );
      expect(JSON.parse(retry.body)).toEqual({ ok: true, duplicate: true });

      const cancelled = shopifyOrder({
        id: 1001,
        updatedAt: '2026-11-30T12:10:00+03:00',
        shipping: [{ title: 'Store A' }],
        cancelledAt: '2026-11-30T12:10:00+03:00',
        financialStatus: 'refunded',
      });
      await sendShopify(http.base, 'orders/cancelled', cancelled, { webhookId: 'w-6' });
      await drainInbox(t.db);
      expect((await parts(t.db)).find((p) => p.external_id === '1001')?.status).toBe('cancelled');
    });

    it('WooCommerce: a pickup_location order goes to its store; local pickup without a mapped title and mixed orders wait for review', async () => {
      const pickup = wooOrder({
        id: 727,
        modified: '2026-11-30T09:00:00',
        shipping: [{ methodId: 'pickup_location', title: 'Pickup', pickupLocation: 'Store B' }],
        meta: [
          { key: '_wc_order_attribution_utm_source', value: 'vk' },
          { key: '_wc_order_attribution_utm_source', value: 'google' },
          { key: '_omnitill_vid', value: 'vid-woo' },
        ],
      });
      const classic = wooOrder({
        id: 728,
        modified: '2026-11-30T09:00:00',
        shipping: [{ methodId: 'local_pickup', title: 'Local pickup' }],
      });
      const mixed = wooOrder({
        id: 729,
        modified: '2026-11-30T09:00:00',
        shipping: [
          { methodId: 'pickup_location', title: 'Pickup', pickupLocation: 'Store A' },
          { methodId: 'flat_rate', title: 'Flat rate' },
        ],
      });
      // Three orders in one second share WooCommerce's delivery id: three deliveries all the same.
      for (const order of [pickup, classic, mixed]) {
        expect((await sendWoo(http.base, 'order.created', order, { deliveryId: 'same-second' })).status).toBe(
          200,
        );
      }
      expect(await inboxCount()).toBe(3);
      await drainInbox(t.db);
      const routed = await parts(t.db);
      expect(routed.map((p) => [p.external_id, p.store_id])).toEqual([['727', chain.storeB]]);
      expect(JSON.parse(routed[0]?.lines ?? '[]')).toMatchObject([
        { lineId: '315', quantity: 2, unitPriceMinor: 300, totalMinor: 600 },
        { lineId: '316', quantity: 1, unitPriceMinor: 1250, totalMinor: 1250 },
      ]);
      const orders = await t.db.kysely
        .selectFrom('web_orders')
        .select(['external_id', 'review_reason', 'visitor_id', 'attribution'])
        .orderBy('external_id')
        .execute();
      expect(orders.map((o) => [o.external_id, o.review_reason !== null])).toEqual([
        ['727', false],
        ['728', true],
        ['729', true],
      ]);
      expect(orders[0]?.visitor_id).toBe('vid-woo');
      // Attribution meta repeats on checkout retries; the last value counts.
      expect((JSON.parse(orders[0]?.attribution ?? '{}') as { utm?: unknown }).utm).toEqual({
        source: 'google',
      });

      await sendWoo(http.base, 'order.updated', {
        ...pickup,
        status: 'cancelled',
        date_modified_gmt: '2026-11-30T09:05:00',
      });
      // An old copy arriving late is ignored.
      await sendWoo(http.base, 'order.updated', {
        ...pickup,
        status: 'processing',
        date_modified_gmt: '2026-11-30T09:01:00',
      });
      await drainInbox(t.db);
      expect((await parts(t.db)).map((p) => p.status)).toEqual(['cancelled']);
    });

    it('keeps the raw signature check independent of JSON formatting', async () => {
      // The same order with other whitespace is other bytes: its own signature, its own delivery.
      const order = genericBody({ updatedAt: '2026-11-30T09:00:00Z' });
      const pretty = JSON.stringify(order, null, 2);
      const ts = String(Math.floor(Date.now() / 1000));
      const compactSignature = genericSig(SECRET, ts, JSON.stringify(order));
      const res = await fetch(`${http.base}/ingest/generic/shop-generic`, {
        method: 'POST',
        headers: {
          'x-omnitill-event-id': uuidv7(),
          'x-omnitill-timestamp': ts,
          'x-omnitill-signature': compactSignature,
        },
        body: pretty,
      });
      expect(res.status).toBe(401);
      expect(hmacBase64(SECRET, pretty)).not.toBe(hmacBase64(SECRET, JSON.stringify(order)));
    });
  });
});
