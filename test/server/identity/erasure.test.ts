import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../shared/domain/canonicalJson';
import type { CardIssue } from '../../../shared/domain/cardIssue';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { payloadHash, type OutboxOp } from '../../../shared/sync/protocol';
import { observe, resolveCustomer, type Observation } from '../../../server/identity';
import { makeSale, saleOp, setUpChain } from '../support/chain';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { addHqUser, hqCaller } from '../support/hqUsers';
import { drainInbox, sendGeneric, setUpShops, startIngestServer } from '../support/webshop';
import { genericBody } from '../support/webshopPayloads';

const CARD = '2990000000019';

function issueOp(seq: number, issue: CardIssue): OutboxOp {
  const payload = JSON.parse(canonicalJson(issue)) as unknown;
  return {
    seq,
    opId: uuidv7(),
    kind: 'card.issue',
    schemaVersion: 1,
    payload,
    payloadHash: payloadHash(payload),
    wallTime: new Date().toISOString(),
  };
}

const webhookOrder: Observation = {
  identifiers: [
    { type: 'email', value: 'Maria.Ivanova@Example.com', verified: false },
    { type: 'shop_account', value: '4711', verified: true },
    { type: 'visitor', value: '0190f2a8-6b1c-7d3e-8f40-1a2b3c4d5e6f', verified: false },
  ],
  evidence: 'webhook_order',
  sourceRef: 'order:woo-1001',
  connectionId: 'woo',
};

describe.each(engines)('erasure on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    let chain: Awaited<ReturnType<typeof setUpChain>>;
    beforeEach(async () => {
      t = await openTestDb(engine);
      chain = await setUpChain(t.db);
    });
    afterEach(() => t.dispose());

    it('removes the person, and neither a queued sale, a replayed card issue nor a replayed webhook brings them back', async () => {
      const k = t.db.kysely;
      const at = new Date().toISOString();
      const issue: CardIssue = {
        cardNumber: CARD,
        customerId: uuidv7(),
        name: 'Maria Ivanova',
        phone: '+79161234567',
        email: 'maria.ivanova@example.com',
        consents: { personalData: { granted: true, at }, marketing: { granted: true, at } },
        wallTime: at,
      };
      const installId = uuidv7();
      const push = (ops: OutboxOp[]) =>
        chain.tillA.caller.sync.push({ deviceId: chain.tillA.deviceId, installId, ops });
      const issueOnce = issueOp(1, issue);
      const firstSale = makeSale({ cardNumber: CARD });
      const queuedSale = makeSale({ cardNumber: CARD });
      expect((await push([issueOnce, saleOp(2, firstSale)])).results.map((r) => r.status)).toEqual([
        'applied',
        'applied',
      ]);
      // A copy of the card issue whose hash does not match its content is kept in quarantine.
      const tampered = { ...issueOp(3, issue), payloadHash: payloadHash({ other: true }) };
      await push([tampered]);
      const kept = await k.selectFrom('quarantined_ops').select('payload').execute();
      expect(kept.some((q) => q.payload.includes('+79161234567') && q.payload.includes(CARD))).toBe(true);
      // The shop's order (a typed email, a shop login) and a receipt code redeemed in that login.
      const order = await observe(k, webhookOrder);
      expect(order.outcome).toBe('created');
      const linked = await observe(k, {
        identifiers: [
          { type: 'card', value: CARD, verified: true },
          { type: 'shop_account', value: 'woo:4711', verified: true },
        ],
        evidence: 'verified_link_code',
        sourceRef: 'link:1',
      });
      expect(linked).toEqual({ customerId: issue.customerId, outcome: 'merged' });

      const admin = hqCaller(t.db, await addHqUser(t.db, 'admin'));
      const erased = await admin.hq.identity.erase({
        customerId: order.customerId ?? '',
        confirm: order.customerId ?? '',
      });
      expect(erased).toMatchObject({ ok: true, customerId: issue.customerId, profiles: 2, salesDetached: 1 });
      const scrubbed = await k.selectFrom('quarantined_ops').select('payload').execute();
      expect(scrubbed.length).toBe(kept.length);
      expect(scrubbed.filter((q) => /maria|\+79161234567|2990000000019/i.test(q.payload))).toEqual([]);
      const outcomes = await k.selectFrom('applied_ops').select('result').execute();
      expect(outcomes.filter((o) => /maria|\+79161234567|2990000000019/i.test(o.result))).toEqual([]);

      const customers = await k
        .selectFrom('customers')
        .select(['display_name', 'phone', 'email', 'name_key'])
        .where('id', 'in', [issue.customerId, order.customerId ?? ''])
        .execute();
      expect(customers).toEqual([
        { display_name: '', phone: null, email: null, name_key: '' },
        { display_name: '', phone: null, email: null, name_key: '' },
      ]);
      expect(await resolveCustomer(k, { type: 'card', value: CARD })).toBeNull();
      expect(await resolveCustomer(k, { type: 'email', value: 'maria.ivanova@example.com' })).toBeNull();
      expect(await admin.hq.identity.search({ query: 'maria' })).toEqual({ customers: [], nextCursor: null });
      expect(await admin.hq.identity.search({ query: '+79161234567' })).toEqual({
        customers: [],
        nextCursor: null,
      });
      const sale = await k
        .selectFrom('sales')
        .select(['customer_id', 'card_number', 'total_minor'])
        .where('id', '=', firstSale.saleId)
        .executeTakeFirstOrThrow();
      expect(sale).toEqual({ customer_id: null, card_number: null, total_minor: firstSale.totalMinor });

      // Replays: the till's queued sale with the card, the same card issue pushed by another
      // install, the shop's webhook again.
      expect((await push([saleOp(4, queuedSale)])).results[0]?.status).toBe('applied');
      const late = await k
        .selectFrom('sales')
        .select(['customer_id', 'card_number'])
        .where('id', '=', queuedSale.saleId)
        .executeTakeFirstOrThrow();
      expect(late).toEqual({ customer_id: null, card_number: null });
      const reissued = await chain.tillB.caller.sync.push({
        deviceId: chain.tillB.deviceId,
        installId: uuidv7(),
        ops: [issueOp(1, { ...issue, customerId: uuidv7() })],
      });
      expect(reissued.results[0]).toMatchObject({ status: 'rejected', reason: 'card_erased' });
      expect(await observe(k, webhookOrder)).toEqual({ customerId: null, outcome: 'suppressed' });

      expect(await k.selectFrom('identity_identifiers').select('value').execute()).toEqual([]);
      const everyCustomer = await k
        .selectFrom('customers')
        .select(['display_name', 'phone', 'email'])
        .execute();
      expect(
        everyCustomer.filter(
          (c) => /maria/i.test(`${c.display_name} ${c.email}`) || c.phone === '+79161234567',
        ),
      ).toEqual([]);
      const log = await k.selectFrom('change_log').select('data').execute();
      expect(log.filter((c) => c.data !== null && /Maria|\+79161234567/.test(c.data))).toEqual([]);
      expect(await k.selectFrom('cards').select('number').where('number', '=', CARD).execute()).toEqual([]);
    });

    it("a replayed or updated order of an erased person's shop account is kept without them", async () => {
      const k = t.db.kysely;
      await setUpShops(t.db, chain);
      const http = await startIngestServer(t.db);
      try {
        const person = {
          email: 'Maria.Ivanova@Example.com',
          phone: '8 916 123-45-67',
          name: 'Maria Ivanova',
          shopAccountId: 'c-4711',
        };
        const deliver = async (body: unknown) => {
          expect((await sendGeneric(http.base, body, { eventId: uuidv7() })).status).toBe(200);
          await drainInbox(t.db);
        };
        const placed = genericBody({
          externalId: 'WEB-77',
          updatedAt: '2026-11-30T09:00:00Z',
          customer: person,
        });
        await deliver(placed);
        const customerId = await resolveCustomer(k, { type: 'shop_account', value: 'shop-generic:c-4711' });
        expect(customerId).not.toBeNull();
        expect(await resolveCustomer(k, { type: 'phone', value: '+79161234567' })).toBe(customerId);
        const admin = hqCaller(t.db, await addHqUser(t.db, 'admin'));
        expect(
          await admin.hq.identity.erase({ customerId: customerId ?? '', confirm: customerId ?? '' }),
        ).toMatchObject({ ok: true, ordersDetached: 1 });
        const personal = /maria|4711|916/i;
        const bodies = await k.selectFrom('ingest_inbox').select(['body', 'status']).execute();
        expect(bodies.map((b) => b.status)).toEqual(['applied']);
        expect(bodies.filter((b) => personal.test(b.body))).toEqual([]);
        // The fiscal facts stay: the order's lines and total.
        expect(bodies[0]?.body).toContain('27970');
        const kept = await k
          .selectFrom('web_orders')
          .select(['customer_email', 'customer_name', 'total_minor', 'event'])
          .executeTakeFirstOrThrow();
        expect(kept).toMatchObject({ customer_email: null, customer_name: null, total_minor: 27970 });
        expect(kept.event).toContain('Milk 1 l');
        const desks = await k
          .selectFrom('change_log')
          .select('data')
          .where('topic', '=', 'pickup_order')
          .execute();
        expect(desks.some((d) => d.data !== null)).toBe(true);
        expect(desks.filter((d) => d.data !== null && /Maria|"phoneTail"/.test(d.data))).toEqual([]);

        // The same delivery again, the shop's later update of the order, and a new order.
        await deliver(placed);
        await deliver(
          genericBody({ externalId: 'WEB-77', updatedAt: '2026-11-30T10:00:00Z', customer: person }),
        );
        await deliver(
          genericBody({ externalId: 'WEB-78', updatedAt: '2026-11-30T11:00:00Z', customer: person }),
        );
        expect(await k.selectFrom('identity_identifiers').select('value').execute()).toEqual([]);
        const orders = await k
          .selectFrom('web_orders')
          .select([
            'external_id',
            'customer_email',
            'customer_phone',
            'customer_name',
            'shop_customer_id',
            'visitor_id',
            'total_minor',
            'event',
          ])
          .orderBy('external_id')
          .execute();
        expect(orders.map(({ event: _e, ...o }) => o)).toEqual(
          ['WEB-77', 'WEB-78'].map((external_id) => ({
            external_id,
            customer_email: null,
            customer_phone: null,
            customer_name: null,
            shop_customer_id: null,
            visitor_id: null,
            total_minor: 27970,
          })),
        );
        expect(orders.filter((o) => /maria|4711|916/i.test(o.event ?? ''))).toEqual([]);
        const audit = await k
          .selectFrom('identity_audit')
          .select('kind')
          .where('kind', '=', 'suppressed')
          .execute();
        expect(audit).toHaveLength(2);
      } finally {
        await http.close();
      }
    });

    it('an unmerge by HQ gives each profile back its own purchases and identifiers', async () => {
      const k = t.db.kysely;
      const saleOfAnna = makeSale();
      expect(
        (
          await chain.tillA.caller.sync.push({
            deviceId: chain.tillA.deviceId,
            installId: uuidv7(),
            ops: [saleOp(1, saleOfAnna)],
          })
        ).results[0]?.status,
      ).toBe('applied');
      const shopper = await observe(k, { ...webhookOrder, sourceRef: 'order:woo-2002' });
      // A receipt code of Anna's sale redeemed in the shop account of someone else: a wrong merge.
      const wrong = await observe(k, {
        identifiers: [
          { type: 'card', value: '9900000000017', verified: true },
          { type: 'shop_account', value: '4711', verified: true },
        ],
        evidence: 'verified_link_code',
        sourceRef: 'link:2',
        connectionId: 'woo',
      });
      expect(wrong).toEqual({ customerId: 'cust-1', outcome: 'merged' });
      const admin = hqCaller(t.db, await addHqUser(t.db, 'admin'));
      const merged = await admin.hq.identity.customer({ customerId: shopper.customerId ?? '' });
      expect(merged.customerId).toBe('cust-1');
      expect(merged.identifiers.map((i) => i.type).sort()).toEqual([
        'card',
        'email',
        'shop_account',
        'visitor',
      ]);
      const mergeId = merged.merges[0]?.mergeId ?? '';

      const analyst = hqCaller(t.db, await addHqUser(t.db, 'analyst'));
      await expect(analyst.hq.identity.unmerge({ mergeId, reason: 'two people' })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      expect(await admin.hq.identity.unmerge({ mergeId, reason: 'two people' })).toMatchObject({
        ok: true,
        survivorId: 'cust-1',
        restoredId: shopper.customerId,
      });
      expect(await resolveCustomer(k, { type: 'email', value: 'maria.ivanova@example.com' })).toBe(
        shopper.customerId,
      );
      expect(await resolveCustomer(k, { type: 'card', value: '9900000000017' })).toBe('cust-1');
      const anna = await admin.hq.identity.customer({ customerId: 'cust-1' });
      expect(anna.identifiers.map((i) => i.type)).toEqual(['card']);
      expect(anna.merges[0]).toMatchObject({ mergeId, undoneAt: expect.any(String) as unknown });
      expect(anna.audit.map((a) => a.kind)).toContain('split');
      const stored = await k
        .selectFrom('sales')
        .select('customer_id')
        .where('id', '=', saleOfAnna.saleId)
        .executeTakeFirstOrThrow();
      expect(stored.customer_id).toBe('cust-1');

      // The same evidence again does not merge them back: HQ said they are two people.
      const again = await observe(k, {
        identifiers: [
          { type: 'card', value: '9900000000017', verified: true },
          { type: 'shop_account', value: 'woo:4711', verified: true },
        ],
        evidence: 'verified_link_code',
        sourceRef: 'link:3',
      });
      expect(again.outcome).toBe('refused');
      expect(await resolveCustomer(k, { type: 'shop_account', value: 'woo:4711' })).toBe(shopper.customerId);
    });
  });
});
