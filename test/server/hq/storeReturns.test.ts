import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sale } from '../../../shared/domain/sale';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import type { OutboxOp } from '../../../shared/sync/protocol';
import { publishLoyaltyConfig } from '../../../server/loyalty/configs';
import { appendEntry } from '../../../server/loyalty/ledger';
import { chainConfig, loyaltySale } from '../loyalty/saleLoyalty';
import { adminCaller, makeSale, saleOp, setUpChain } from '../support/chain';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { addHqUser, hqCaller } from '../support/hqUsers';
import { makeReturn, tillOp } from '../support/tillOps';

describe.each(engines)('HQ returns and sale VAT on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    let chain: Awaited<ReturnType<typeof setUpChain>>;
    let admin: Awaited<ReturnType<typeof adminCaller>>;
    let seq = 0;
    const installId = uuidv7();
    beforeEach(async () => {
      t = await openTestDb(engine);
      chain = await setUpChain(t.db);
      admin = await adminCaller(t.db);
      seq = 0;
    });
    afterEach(() => t.dispose());

    const push = (ops: ((seq: number) => OutboxOp)[]) =>
      chain.tillA.caller.sync
        .push({ deviceId: chain.tillA.deviceId, installId, ops: ops.map((op) => op(++seq)) })
        .then((r) => r.results.map((x) => (x.status === 'rejected' ? x.reason : x.status)));
    const sale = (s: Sale) => (n: number) => saleOp(n, s);

    it('lists a return with its sale, lines, points back, cashier and approving manager, and shows it against the sale', async () => {
      await t.db.kysely.transaction().execute(async (trx) => {
        const now = new Date().toISOString();
        await publishLoyaltyConfig(trx, chainConfig, now);
        await appendEntry(
          trx,
          {
            customerId: 'cust-1',
            cardNumber: '9900000000017',
            kind: 'adjustment',
            points: 300,
            sourceId: 'grant',
          },
          now,
        );
      });
      const { id: cashierId } = await admin.hq.createCashier({
        storeId: chain.storeA,
        name: 'Olga Ivanova',
        role: 'cashier',
        pin: '4821',
      });
      const { id: managerId } = await admin.hq.createCashier({
        storeId: chain.storeA,
        name: 'Pavel Manager',
        role: 'manager',
        pin: '7310',
      });
      // 2 × 500.00; 200 points pay 200.00; 1 % of 800.00 paid earns 8.
      const sold = { ...loyaltySale('base', 200, [[50_000, 2000]]), receiptNo: 'A1-000042' };
      const half = makeReturn(sold.saleId, [{ lineNo: 1, quantityMilli: 1000 }], 40_000, {
        cashierId,
        approvedBy: managerId,
        reason: 'wrong size',
      });
      const rest = makeReturn(sold.saleId, [{ lineNo: 1, quantityMilli: 1000 }], 40_000);
      expect(await push([sale(sold), (n) => tillOp(n, 'return.record', half)])).toEqual([
        'applied',
        'applied',
      ]);
      expect(await push([(n) => tillOp(n, 'return.record', rest)])).toEqual(['applied']);

      const page = await admin.hq.storeReturns({ storeId: chain.storeA });
      expect(page.returns.map((r) => r.returnId)).toEqual([rest.returnId, half.returnId]);
      expect(page.returns[1]).toMatchObject({
        saleId: sold.saleId,
        receiptNo: 'A1-000042',
        deviceName: 'Till A1',
        refundMinor: 40_000,
        reason: 'wrong size',
        cardNumber: '9900000000017',
        pointsReversed: 4,
        pointsRestored: 100,
        cashierName: 'Olga Ivanova',
        approvedByName: 'Pavel Manager',
        lines: [{ lineNo: 1, name: 'Item 1', quantityMilli: 1000, soldMilli: 2000 }],
      });
      // A till that sends no cashier: the return says nothing rather than guessing.
      expect(page.returns[0]).toMatchObject({ cashierName: null, approvedByName: null, pointsReversed: 4 });

      const history = await admin.hq.customerPurchases({ query: '9900000000017' });
      const [purchase] = history.purchases;
      expect(purchase?.receiptNo).toBe('A1-000042');
      expect(purchase?.returns.map((r) => [r.returnId, r.refundMinor])).toEqual([
        [rest.returnId, 40_000],
        [half.returnId, 40_000],
      ]);
      expect((await admin.hq.storeReturns({ storeId: chain.storeB })).returns).toEqual([]);
      const managerB = hqCaller(t.db, await addHqUser(t.db, 'store_manager', { storeIds: [chain.storeB] }));
      await expect(managerB.hq.storeReturns({ storeId: chain.storeA })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    });

    it('pages returns without losing or repeating one', async () => {
      const sold = makeSale({}, [[1_000, 5000]]);
      expect(await push([sale(sold)])).toEqual(['applied']);
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const ret = makeReturn(sold.saleId, [{ lineNo: 1, quantityMilli: 1000 }], 1_000);
        ids.push(ret.returnId);
        expect(await push([(n) => tillOp(n, 'return.record', ret)])).toEqual(['applied']);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 5; pages++) {
        const page = await admin.hq.storeReturns({ storeId: chain.storeA, limit: 2, cursor });
        seen.push(...page.returns.map((r) => r.returnId));
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      expect(seen).toEqual([...ids].reverse());
    });

    it("keeps each line's VAT rate: the till's, else the product's at ingest, else the default, and says which", async () => {
      await t.db.kysely
        .insertInto('products')
        .values({
          id: 'p-2',
          gtin: '4600000000008',
          name: 'Bread',
          price_minor: 5_000,
          updated_at: new Date().toISOString(),
          vat_rate_bp: 1000,
        })
        .execute();
      const s = makeSale({ receiptNo: 'A1-VAT' }, [
        [8_990, 1000],
        [5_000, 1000],
        [1_000, 1000],
      ]);
      s.lines = s.lines.map((l) => (l.lineNo === 1 ? { ...l, vatRateBp: 0 } : l));
      expect(await push([sale(s)])).toEqual(['applied']);
      const history = await admin.hq.customerPurchases({ query: '9900000000017' });
      expect(history.purchases[0]?.lines.map((l) => [l.lineNo, l.vatRateBp, l.vatRateSource])).toEqual([
        [1, 0, 'till'],
        [2, 1000, 'product'],
        [3, 2000, 'default'],
      ]);
    });
  });
});
