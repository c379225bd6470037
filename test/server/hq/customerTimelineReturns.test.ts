import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { resolveCustomer } from '../../../server/identity';
import { makeSale, saleOp, setUpChain } from '../support/chain';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { addHqUser, hqCaller } from '../support/hqUsers';
import { makeReturn, tillOp } from '../support/tillOps';

const CARD = '9900000000017';

describe.each(engines)('returns on the customer timeline on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    let chain: Awaited<ReturnType<typeof setUpChain>>;
    beforeEach(async () => {
      t = await openTestDb(engine);
      chain = await setUpChain(t.db);
    });
    afterEach(() => t.dispose());

    it("shows a return of the customer's card sale, negative, with the card and receipt, and not a stranger's", async () => {
      const withCard = makeSale({ receiptNo: 'A1-000101' });
      const stranger = makeSale({ receiptNo: 'A1-000102', cardNumber: null });
      const ret = makeReturn(withCard.saleId, [{ lineNo: 1, quantityMilli: 1000 }], 8990);
      const strangersReturn = makeReturn(stranger.saleId, [{ lineNo: 1, quantityMilli: 1000 }], 8990);
      const pushed = await chain.tillA.caller.sync.push({
        deviceId: chain.tillA.deviceId,
        installId: uuidv7(),
        ops: [
          saleOp(1, withCard),
          saleOp(2, stranger),
          tillOp(3, 'return.record', ret),
          tillOp(4, 'return.record', strangersReturn),
        ],
      });
      expect(pushed.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);

      const customerId = (await resolveCustomer(t.db.kysely, { type: 'card', value: CARD })) ?? '';
      const analyst = hqCaller(t.db, await addHqUser(t.db, 'analyst'));
      const page = await analyst.hq.customerTimeline({ customerId, limit: 50 });
      expect(page.events.map((e) => [e.kind, e.id])).toEqual([
        ['return', ret.returnId],
        ['purchase', withCard.saleId],
      ]);
      expect(page.events[0]).toMatchObject({
        channel: 'store',
        store: { name: 'Store A', code: 'A-1' },
        amountMinor: -8990,
        currency: 'RUB',
        identifier: { type: 'card', value: CARD },
        detail: 'A1-000101',
      });
      // A store manager of another store does not see Store A's return.
      const other = hqCaller(t.db, await addHqUser(t.db, 'store_manager', { storeIds: [chain.storeB] }));
      expect((await other.hq.customerTimeline({ customerId })).events).toEqual([]);
    });

    it('an erased customer’s returns keep neither their card nor their profile', async () => {
      const sale = makeSale();
      const ret = makeReturn(sale.saleId, [{ lineNo: 1, quantityMilli: 1000 }], 8990);
      await chain.tillA.caller.sync.push({
        deviceId: chain.tillA.deviceId,
        installId: uuidv7(),
        ops: [saleOp(1, sale), tillOp(2, 'return.record', ret)],
      });
      const customerId = (await resolveCustomer(t.db.kysely, { type: 'card', value: CARD })) ?? '';
      const stored = () =>
        t.db.kysely
          .selectFrom('returns')
          .select(['customer_id', 'card_number', 'refund_minor'])
          .where('id', '=', ret.returnId)
          .executeTakeFirstOrThrow();
      expect(await stored()).toEqual({ customer_id: customerId, card_number: CARD, refund_minor: 8990 });

      const admin = hqCaller(t.db, await addHqUser(t.db, 'admin'));
      await admin.hq.identity.erase({ customerId, confirm: customerId });
      expect(await stored()).toEqual({ customer_id: null, card_number: null, refund_minor: 8990 });
    });
  });
});
