import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { engines, openTestDb, skipEngine, type TestDb } from '../server/support/databases';
import { adminCaller, makeSale, saleOp, setUpChain } from '../server/support/chain';

describe.each(engines)('a sale in another currency than its store’s on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    beforeEach(async () => {
      t = await openTestDb(engine);
    });
    afterEach(() => t.dispose());

    it('is rejected with currency_mismatch, recorded nowhere in the totals, and the next sale goes on', async () => {
      const chain = await setUpChain(t.db); // both stores sell in RUB
      const euros = makeSale({ receiptNo: 'EUR-1', currency: 'EUR' });
      const roubles = makeSale({ receiptNo: 'RUB-2' });
      const answer = await chain.tillA.caller.sync.push({
        deviceId: chain.tillA.deviceId,
        installId: uuidv7(),
        ops: [saleOp(1, euros), saleOp(2, roubles)],
      });
      expect(answer.results.map((r) => r.status)).toEqual(['rejected', 'applied']);
      expect(answer.results[0]).toMatchObject({ reason: 'currency_mismatch' });
      const hq = await adminCaller(t.db);
      const purchases = await hq.hq.customerPurchases({ query: '9900000000017' });
      expect(purchases.purchases.map((p) => p.receiptNo)).toEqual(['RUB-2']);
      expect(purchases.totals).toEqual([{ currency: 'RUB', totalMinor: roubles.totalMinor }]);
      const till = (await hq.hq.stores()).devices.find((d) => d.id === chain.tillA.deviceId);
      expect(till?.attention).toEqual([expect.objectContaining({ reason: 'currency_mismatch', seq: 1 })]);
    });
  });
});
