import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { observe, resolveCustomer } from '../../../server/identity';
import { updateConnection } from '../../../server/webshop/connections';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { makeSale, saleOp, setUpChain } from '../support/chain';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { drainInbox, pullTopic, sendGeneric, setUpShops, startIngestServer } from '../support/webshop';
import { genericBody } from '../support/webshopPayloads';
import { addHqUser, hqCaller } from '../support/hqUsers';

type Chain = Awaited<ReturnType<typeof setUpChain>>;
const VISITOR = '0190f2a8-6b1c-7d3e-8f40-1a2b3c4d5e6f';

describe.each(engines)('online orders in the identity graph on %s', (engine) => {
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

    const deliver = async (body: unknown) => {
      expect((await sendGeneric(http.base, body, { eventId: uuidv7() })).status).toBe(200);
      await drainInbox(t.db);
    };
    const orderRow = (externalId: string) =>
      t.db.kysely
        .selectFrom('web_orders')
        .selectAll()
        .where('external_id', '=', externalId)
        .executeTakeFirstOrThrow();

    it('observes the account, email, phone in E.164 and visitor id of an applied order', async () => {
      await deliver(
        genericBody({
          externalId: 'WEB-1',
          updatedAt: '2026-11-30T09:00:00Z',
          customer: { email: ' Olga.K@Example.com ', phone: '8 (916) 123-45-67', shopAccountId: 'c-501' },
          visitorId: VISITOR,
        }),
      );
      const order = await orderRow('WEB-1');
      expect(order.customer_phone).toBe('+79161234567');
      const byAccount = await resolveCustomer(t.db.kysely, {
        type: 'shop_account',
        value: 'shop-generic:c-501',
      });
      expect(byAccount).not.toBeNull();
      expect(await resolveCustomer(t.db.kysely, { type: 'email', value: 'olga.k@example.com' })).toBe(
        byAccount,
      );
      expect(await resolveCustomer(t.db.kysely, { type: 'phone', value: '+79161234567' })).toBe(byAccount);
      expect(await resolveCustomer(t.db.kysely, { type: 'visitor', value: VISITOR })).toBe(byAccount);
      const links = await t.db.kysely
        .selectFrom('identity_links as l')
        .innerJoin('identity_identifiers as i', 'i.id', 'l.identifier_id')
        .select(['i.type', 'i.verified', 'l.evidence', 'l.source_ref'])
        .orderBy('i.type')
        .execute();
      expect(links).toEqual([
        { type: 'email', verified: 0, evidence: 'webhook_order', source_ref: `order:${order.id}` },
        { type: 'phone', verified: 0, evidence: 'webhook_order', source_ref: `order:${order.id}` },
        { type: 'shop_account', verified: 1, evidence: 'webhook_order', source_ref: `order:${order.id}` },
        { type: 'visitor', verified: 0, evidence: 'webhook_order', source_ref: `order:${order.id}` },
      ]);
    });

    it("reads a national phone in the shop's own country", async () => {
      expect(await updateConnection(t.db, 'shop-generic', { phoneCountry: 'GB' })).toBe(true);
      await deliver(
        genericBody({
          externalId: 'WEB-2',
          updatedAt: '2026-11-30T09:00:00Z',
          customer: { email: 'tom@example.co.uk', phone: '020 7946 0018' },
        }),
      );
      expect((await orderRow('WEB-2')).customer_phone).toBe('+442079460018');
      const tom = await resolveCustomer(t.db.kysely, { type: 'email', value: 'tom@example.co.uk' });
      expect(tom).not.toBeNull();
      expect(await resolveCustomer(t.db.kysely, { type: 'phone', value: '+442079460018' })).toBe(tom);
    });

    it('keeps two shop accounts on one family phone apart', async () => {
      for (const [externalId, account] of [
        ['WEB-3', 'c-1'],
        ['WEB-4', 'c-2'],
      ] as const) {
        await deliver(
          genericBody({
            externalId,
            updatedAt: '2026-11-30T09:00:00Z',
            customer: { phone: '+79161112233', shopAccountId: account },
          }),
        );
      }
      const first = await resolveCustomer(t.db.kysely, { type: 'shop_account', value: 'shop-generic:c-1' });
      const second = await resolveCustomer(t.db.kysely, { type: 'shop_account', value: 'shop-generic:c-2' });
      expect(first).not.toBeNull();
      expect(second).not.toBeNull();
      expect(first).not.toBe(second);
      // The typed phone stays with whoever gave it first.
      expect(await resolveCustomer(t.db.kysely, { type: 'phone', value: '+79161112233' })).toBe(first);
    });

    it("republishes a card holder's till panel when their online order arrives", async () => {
      // The card's holder bought in a store, then redeemed the receipt's code signed in as c-900.
      const pushed = await chain.tillA.caller.sync.push({
        deviceId: chain.tillA.deviceId,
        installId: uuidv7(),
        ops: [saleOp(1, makeSale())],
      });
      expect(pushed.results[0]?.status).toBe('applied');
      const linked = await observe(t.db.kysely, {
        identifiers: [
          { type: 'card', value: '9900000000017', verified: true },
          { type: 'shop_account', value: 'c-900', verified: true },
        ],
        evidence: 'verified_link_code',
        sourceRef: 'link:1',
        connectionId: 'shop-generic',
      });
      expect(linked).toEqual({ customerId: 'cust-1', outcome: 'linked' });
      const before = await pullTopic(chain.tillA.caller, 'customer_summary', 0);
      // An order placed in that account without an email or phone the graph knows.
      await deliver(
        genericBody({
          externalId: 'WEB-900',
          updatedAt: '2026-11-30T09:00:00Z',
          customer: { shopAccountId: 'c-900', name: 'Anna P' },
          visitorId: null,
        }),
      );
      // On PostgreSQL a pull holds back changes while an older transaction anywhere in the cluster
      // is open (docs/sync-protocol.md §7.2): the summary the order republished may come a pull later.
      const recentOrders = async () => {
        const summaries = await pullTopic(chain.tillA.caller, 'customer_summary', before.length + 1);
        const latest = summaries.filter((c) => c.id === 'cust-1').at(-1)?.data as
          { online?: { recentOrders: { orderNumber: string; totalMinor: number }[] } } | undefined;
        return latest?.online?.recentOrders;
      };
      await expect
        .poll(recentOrders, { timeout: 15_000, interval: 200 })
        .toEqual([expect.objectContaining({ orderNumber: 'WEB-900', totalMinor: 27970 })]);
    });

    it("HQ search by an order's number opens the order's customer", async () => {
      await deliver(
        genericBody({
          externalId: 'WEB-31',
          updatedAt: '2026-11-30T09:00:00Z',
          customer: { email: 'vera@example.com', name: 'Vera Orlova' },
        }),
      );
      await deliver(
        genericBody({
          externalId: 'WEB-32',
          updatedAt: '2026-11-30T09:00:00Z',
          customer: { email: 'noemail@example.com' },
          visitorId: null,
        }),
      );
      const vera = await resolveCustomer(t.db.kysely, { type: 'email', value: 'vera@example.com' });
      const analyst = hqCaller(t.db, await addHqUser(t.db, 'analyst'));
      for (const query of ['WEB-31', ' #WEB-31 ']) {
        const found = await analyst.hq.identity.search({ query });
        expect(found.customers.map((c) => [c.customerId, c.matchedBy])).toEqual([[vera, 'order']]);
      }
      // An order the graph could tie to nobody finds nobody.
      expect((await analyst.hq.identity.search({ query: 'WEB-32' })).customers).toEqual([]);
    });

    it('an order of nobody the graph may link changes no till panel', async () => {
      await deliver(
        genericBody({
          externalId: 'WEB-5',
          updatedAt: '2026-11-30T09:00:00Z',
          customer: { email: 'noemail@example.com' },
          visitorId: null,
        }),
      );
      const summaries = await t.db.kysely
        .selectFrom('change_log')
        .select('id')
        .where('topic', '=', 'customer_summary')
        .execute();
      expect(summaries).toEqual([]);
      expect(await t.db.kysely.selectFrom('identity_identifiers').select('value').execute()).toEqual([]);
    });
  });
});
