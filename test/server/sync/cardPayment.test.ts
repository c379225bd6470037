import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { saleSchema, type Sale } from '../../../shared/domain/sale';
import { parseUnknown } from '../../../shared/validation';
import { publishLoyaltyConfig } from '../../../server/loyalty/configs';
import { appendEntry } from '../../../server/loyalty/ledger';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { adminCaller, saleOp, setUpChain } from '../support/chain';
import { chainConfig, loyaltySale } from '../loyalty/saleLoyalty';

const CARD = '9900000000017';

/** A gold sale of 1,000.00 with 200 points spent, the rest paid by card and cash. */
function mixedSale(): Sale {
  const sale = loyaltySale('gold', 200); // 950.00 after 5 %, 200.00 in points: 750.00 to pay
  return {
    ...sale,
    payments: [
      { method: 'card', amountMinor: 50_000, reference: 'RRN 123456 AUTH 0042' },
      { method: 'cash', amountMinor: 25_000, tenderedMinor: 30_000, changeMinor: 5_000 },
    ],
  };
}

describe.each(engines)('card payments and points burns through sync on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    let chain: Awaited<ReturnType<typeof setUpChain>>;
    beforeEach(async () => {
      t = await openTestDb(engine);
      chain = await setUpChain(t.db);
      const now = new Date().toISOString();
      await t.db.kysely.transaction().execute(async (trx) => {
        await publishLoyaltyConfig(trx, chainConfig, now);
        await appendEntry(
          trx,
          { customerId: 'cust-1', cardNumber: CARD, kind: 'adjustment', points: 300, sourceId: uuidv7() },
          now,
        );
      });
    });
    afterEach(() => t.dispose());

    it('records a mixed card + cash sale with its terminal reference, and HQ shows it once with the balance', async () => {
      const sale = mixedSale();
      expect(parseUnknown(saleSchema, sale).ok).toBe(true);
      const op = saleOp(1, sale);
      const push = () =>
        chain.tillA.caller.sync.push({ deviceId: chain.tillA.deviceId, installId: uuidv7(), ops: [op] });
      expect((await push()).results[0]).toMatchObject({ status: 'applied' });

      const hq = await adminCaller(t.db);
      const page = await hq.hq.customerPurchases({ query: CARD, limit: 10 });
      expect(page.count).toBe(1);
      expect(page.purchases[0]).toMatchObject({
        saleId: sale.saleId,
        totalMinor: 95_000,
        payments: [
          {
            method: 'card',
            amountMinor: 50_000,
            tenderedMinor: 50_000,
            changeMinor: 0,
            reference: 'RRN 123456 AUTH 0042',
          },
          { method: 'cash', amountMinor: 25_000, tenderedMinor: 30_000, changeMinor: 5_000, reference: null },
        ],
      });
      // 300 granted − 200 burned + 5 % of 750.00 paid = 137.
      const ledger = await hq.hq.customerLedger({ customerId: 'cust-1' });
      expect(ledger.balance).toBe(137);
      expect(ledger.entries.map((e) => [e.kind, e.points])).toEqual(
        expect.arrayContaining([
          ['burn', -200],
          ['earn', 37],
        ]),
      );
    });

    it('refuses a card payment without its terminal reference', async () => {
      const sale = mixedSale();
      const bad = { ...sale, payments: [{ method: 'card', amountMinor: 75_000 }] } as unknown as Sale;
      const answer = await chain.tillA.caller.sync.push({
        deviceId: chain.tillA.deviceId,
        installId: uuidv7(),
        ops: [saleOp(1, bad)],
      });
      expect(answer.results[0]).toMatchObject({ status: 'rejected' });
      const hq = await adminCaller(t.db);
      expect((await hq.hq.customerPurchases({ query: CARD, limit: 10 })).count).toBe(0);
    });
  });
});
