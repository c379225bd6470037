import { afterEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { resolveCustomer } from '../../../server/identity';
import { signIdentify } from '../../../server/web/signedIdentify';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { addHqUser, hqCaller } from '../support/hqUsers';
import { drainInbox, sendGeneric } from '../support/webshop';
import { CONNECTION, SHOP_ORIGIN, webRig } from '../web/webSupport';

describe.each(engines)('customer timeline on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    let rig: Awaited<ReturnType<typeof webRig>>;
    afterEach(async () => {
      await rig.close();
      await t.dispose();
    });

    it('shows store, web and online-order events of every profile merged into the customer, newest first, paged without repeats', async () => {
      t = await openTestDb(engine);
      rig = await webRig(t.db);
      const visitorId = uuidv7();
      // Browsing before anyone knows who it is, then signing in at the shop.
      await rig.post('events', {
        visitorId,
        events: [
          { type: 'page', url: `${SHOP_ORIGIN}/tea`, title: 'Green tea' },
          {
            type: 'cart',
            currency: 'RUB',
            totalMinor: 8990,
            lines: [{ sku: 'TEA-1', quantity: 1, priceMinor: 8990 }],
          },
        ],
      });
      const who = { visitorId, shopAccountId: 'u-17', email: 'anna.web@example.com' };
      const ts = Math.floor(Date.now() / 1000);
      await rig.post('identify', {
        ...who,
        signature: { ts, sig: signIdentify(rig.secret, ts, CONNECTION, who) },
      });
      // A purchase in the store with the card, its receipt linked on the shop's site.
      const code = await rig.syncSaleWithCode();
      expect((await rig.post('link', { visitorId, code })).status).toBe(200);
      // An online order with the same email, in other letter case, and a phone in national form,
      // by the shop's webhook: found by both, shown once, as found by the email.
      const order = {
        schema: 'omnitill.order.v1',
        type: 'created',
        order: {
          externalId: 'WEB-7001',
          orderNumber: 'WEB-7001',
          sourceUpdatedAt: new Date().toISOString(),
          placedAt: new Date().toISOString(),
          platformStatus: 'paid',
          paid: true,
          currency: 'RUB',
          totalMinor: 27970,
          customer: { email: 'Anna.Web@Example.com', phone: '8 912 000-00-99' },
          lines: [{ lineId: '1', name: 'Milk 1 l', quantity: 2, unitPriceMinor: 13985, totalMinor: 27970 }],
          groups: [],
        },
      };
      const sent = await sendGeneric(rig.base, order, {
        eventId: uuidv7(),
        secret: rig.secret,
        connection: CONNECTION,
      });
      expect(sent.status).toBe(200);
      await drainInbox(t.db);

      const customerId = await resolveCustomer(t.db.kysely, { type: 'card', value: '9900000000017' });
      expect(customerId).not.toBeNull();
      expect(await resolveCustomer(t.db.kysely, { type: 'phone', value: '+79120000099' })).toBe(customerId);
      const analyst = hqCaller(t.db, await addHqUser(t.db, 'analyst'));
      const all = await analyst.hq.customerTimeline({ customerId: customerId ?? '', limit: 50 });
      expect(all.nextCursor).toBeNull();
      const kinds = all.events.map((e) => e.kind).sort();
      expect(kinds).toEqual(['cart', 'identify', 'link', 'online_order', 'page', 'purchase']);
      const purchase = all.events.find((e) => e.kind === 'purchase');
      expect(purchase).toMatchObject({
        channel: 'store',
        store: { name: 'Store A', code: 'A-1' },
        currency: 'RUB',
        identifier: { type: 'card', value: '9900000000017' },
        detail: 'A1-000001',
      });
      expect(all.events.find((e) => e.kind === 'online_order')).toMatchObject({
        channel: 'web',
        amountMinor: 27970,
        identifier: { type: 'email', value: 'Anna.Web@Example.com' },
        detail: 'WEB-7001',
      });
      expect(all.events.find((e) => e.kind === 'link')).toMatchObject({ detail: 'A1-000001' });
      expect(all.events.find((e) => e.kind === 'cart')).toMatchObject({
        amountMinor: 8990,
        identifier: { type: 'visitor', value: visitorId },
      });
      const times = all.events.map((e) => e.at);
      expect([...times].sort().reverse()).toEqual(times);

      // Two at a time: the same events, none twice.
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const next: Awaited<ReturnType<typeof analyst.hq.customerTimeline>> =
          await analyst.hq.customerTimeline({
            customerId: customerId ?? '',
            limit: 2,
            cursor,
          });
        seen.push(...next.events.map((e) => e.id));
        cursor = next.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all.events.map((e) => e.id));

      // A store manager of another store sees the web events but not Store A's purchase.
      const other = hqCaller(t.db, await addHqUser(t.db, 'store_manager', { storeIds: [rig.chain.storeB] }));
      const theirs = await other.hq.customerTimeline({ customerId: customerId ?? '' });
      expect(theirs.events.map((e) => e.kind)).not.toContain('purchase');
      expect(theirs.events.map((e) => e.kind)).toContain('online_order');

      await expect(
        analyst.hq.customerTimeline({ customerId: customerId ?? '', cursor: 'nope' }),
      ).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
      await expect(analyst.hq.customerTimeline({ customerId: uuidv7() })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    });

    it('after an unmerge, each profile shows only its own events again', async () => {
      t = await openTestDb(engine);
      rig = await webRig(t.db);
      const visitorId = uuidv7();
      const who = { visitorId, shopAccountId: 'u-18', email: 'boris@example.com' };
      const ts = Math.floor(Date.now() / 1000);
      await rig.post('identify', {
        ...who,
        signature: { ts, sig: signIdentify(rig.secret, ts, CONNECTION, who) },
      });
      await rig.post('events', {
        visitorId,
        events: [{ type: 'page', url: `${SHOP_ORIGIN}/`, title: 'Home' }],
      });
      const code = await rig.syncSaleWithCode();
      await rig.post('link', { visitorId, code });
      const admin = hqCaller(t.db, await addHqUser(t.db, 'admin'));
      const cardCustomer =
        (await resolveCustomer(t.db.kysely, { type: 'card', value: '9900000000017' })) ?? '';
      const merged = await admin.hq.customerTimeline({ customerId: cardCustomer });
      expect(merged.events.map((e) => e.kind)).toEqual(
        expect.arrayContaining(['page', 'purchase', 'identify']),
      );

      const identity = await admin.hq.identity.customer({ customerId: cardCustomer });
      const merge = identity.merges.find((m) => m.undoneAt === null);
      expect(merge).toBeDefined();
      await admin.hq.identity.unmerge({ mergeId: merge?.mergeId ?? '', reason: 'not the same person' });
      const webCustomer =
        (await resolveCustomer(t.db.kysely, { type: 'email', value: 'boris@example.com' })) ?? '';
      expect(webCustomer).not.toBe(
        await resolveCustomer(t.db.kysely, { type: 'card', value: '9900000000017' }),
      );
      const web = await admin.hq.customerTimeline({ customerId: webCustomer });
      expect(web.events.map((e) => e.kind)).toContain('page');
      expect(web.events.map((e) => e.kind)).not.toContain('purchase');
    });
  });
});
