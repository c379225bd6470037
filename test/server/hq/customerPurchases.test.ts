import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { adminCaller, makeSale, saleOp, setUpChain } from '../support/chain';

describe.each(engines)('a customer’s purchases at any size on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    beforeEach(async () => {
      t = await openTestDb(engine);
    });
    afterEach(() => t.dispose());

    it('pages through 250 purchases with the true count and total, none lost or repeated', async () => {
      const chain = await setUpChain(t.db);
      const push = async (till: typeof chain.tillA, installId: string, from: number, n: number) => {
        // One push records its sales with one receive time: ties the id order must break.
        const sales = Array.from({ length: n }, (_, i) =>
          makeSale({ receiptNo: `${till.deviceId.slice(-4)}-${from + i}` }, [[1000 + from + i, 1000]]),
        );
        const answer = await till.caller.sync.push({
          deviceId: till.deviceId,
          installId,
          ops: sales.map((sale, i) => saleOp(from + i, sale)),
        });
        expect(answer.results.every((r) => r.status === 'applied')).toBe(true);
        return sales;
      };
      const installA = uuidv7();
      const sales = [
        ...(await push(chain.tillA, installA, 1, 150)),
        ...(await push(chain.tillB, uuidv7(), 1, 100)),
      ];
      const expectedTotal = sales.reduce((sum, s) => sum + s.totalMinor, 0);
      const hq = await adminCaller(t.db);

      const seen: string[] = [];
      let page = await hq.hq.customerPurchases({ query: '9900000000017', limit: 100 });
      expect(page).toMatchObject({ count: 250, totals: [{ currency: 'RUB', totalMinor: expectedTotal }] });
      seen.push(...page.purchases.map((p) => p.saleId));

      // A sale recorded while HQ reads is newer than every page: it shifts nothing.
      const [late] = await push(chain.tillA, installA, 151, 1);
      const pages = [page.purchases.length];
      while (page.nextCursor) {
        page = await hq.hq.customerPurchases({ query: '9900000000017', limit: 100, cursor: page.nextCursor });
        pages.push(page.purchases.length);
        seen.push(...page.purchases.map((p) => p.saleId));
        expect(page.count).toBe(251);
        expect(page.totals).toEqual([{ currency: 'RUB', totalMinor: expectedTotal + late!.totalMinor }]);
      }
      expect(pages).toEqual([100, 100, 50]);
      expect(new Set(seen).size).toBe(250);
      expect([...seen].sort()).toEqual(sales.map((s) => s.saleId).sort());

      const first = await hq.hq.customerPurchases({ query: '9900000000017', limit: 200 });
      expect(first.purchases[0]?.saleId).toBe(late!.saleId);
      // Newest first by the server's receive time, then id: never by a till's clock.
      const order = first.purchases.map((p) => [p.receivedAt, p.saleId].join(' '));
      expect(order).toEqual([...order].sort().reverse());
    });

    it('ignores a till clock far in the future when ordering', async () => {
      const chain = await setUpChain(t.db);
      const installId = uuidv7();
      const skewed = makeSale({ receiptNo: 'FUTURE', wallTime: '2099-01-01T00:00:00.000Z' });
      await chain.tillA.caller.sync.push({
        deviceId: chain.tillA.deviceId,
        installId,
        ops: [saleOp(1, skewed)],
      });
      const later = makeSale({ receiptNo: 'LATER' });
      await chain.tillA.caller.sync.push({
        deviceId: chain.tillA.deviceId,
        installId,
        ops: [saleOp(2, later)],
      });
      const hq = await adminCaller(t.db);
      const page = await hq.hq.customerPurchases({ query: '9900000000017', limit: 1 });
      expect(page.purchases.map((p) => p.receiptNo)).toEqual(['LATER']);
      const next = await hq.hq.customerPurchases({
        query: '9900000000017',
        limit: 1,
        cursor: page.nextCursor,
      });
      expect(next.purchases.map((p) => p.receiptNo)).toEqual(['FUTURE']);
      expect(next.nextCursor).toBeNull();
    });

    it('refuses a cursor it did not give out', async () => {
      await setUpChain(t.db);
      const hq = await adminCaller(t.db);
      for (const cursor of ['not-a-cursor', Buffer.from('{"receivedAt":1}').toString('base64url')]) {
        await expect(hq.hq.customerPurchases({ query: '9900000000017', cursor })).rejects.toMatchObject({
          code: 'BAD_REQUEST',
        });
      }
    });
  });
});
