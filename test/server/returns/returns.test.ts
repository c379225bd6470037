import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeLinkCode } from '../../../shared/barcode/serverCodes';
import { canonicalJson } from '../../../shared/domain/canonicalJson';
import type { Sale } from '../../../shared/domain/sale';
import type { SaleReturn } from '../../../shared/domain/saleReturn';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { payloadHash, type OutboxOp } from '../../../shared/sync/protocol';
import { publishLoyaltyConfig } from '../../../server/loyalty/configs';
import { appendEntry, ledgerBalance } from '../../../server/loyalty/ledger';
import { adminCaller, makeSale, saleOp, setUpChain } from '../support/chain';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { chainConfig, loyaltySale } from '../loyalty/saleLoyalty';

const CUSTOMER = 'cust-1';
const randomCode = () => makeLinkCode(crypto.getRandomValues(new Uint8Array(9)));

function returnOp(seq: number, ret: SaleReturn): OutboxOp {
  const payload = JSON.parse(canonicalJson(ret)) as unknown;
  return {
    seq,
    opId: uuidv7(),
    kind: 'return.record',
    schemaVersion: 1,
    payload,
    payloadHash: payloadHash(payload),
    wallTime: ret.wallTime,
  };
}

function makeReturn(saleId: string, lines: SaleReturn['lines'], refundMinor: number): SaleReturn {
  return {
    returnId: uuidv7(),
    saleId,
    lines,
    refunds: [{ method: 'cash', amountMinor: refundMinor }],
    refundMinor,
    reason: 'customer changed their mind',
    wallTime: new Date().toISOString(),
  };
}

describe.each(engines)('returns and link codes on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    let chain: Awaited<ReturnType<typeof setUpChain>>;
    let seq = 0;
    const installId = uuidv7();
    beforeEach(async () => {
      t = await openTestDb(engine);
      chain = await setUpChain(t.db);
      seq = 0;
      await t.db.kysely
        .transaction()
        .execute((trx) => publishLoyaltyConfig(trx, chainConfig, new Date().toISOString()));
    });
    afterEach(() => t.dispose());

    const push = (op: (seq: number) => OutboxOp, till = chain.tillA) =>
      till.caller.sync
        .push({ deviceId: till.deviceId, installId, ops: [op(++seq)] })
        .then((r) => r.results[0]);
    const pushSale = (sale: Sale) => push((n) => saleOp(n, sale));
    const pushReturn = (ret: SaleReturn) => push((n) => returnOp(n, ret));

    const ledger = () =>
      t.db.kysely
        .selectFrom('loyalty_ledger')
        .select(['kind', 'points', 'source_id'])
        .orderBy('created_at')
        .orderBy('id')
        .execute()
        .then((rows) => rows.map((r) => [r.kind, Number(r.points), r.source_id]));
    const cachedBalance = async () =>
      Number(
        (
          await t.db.kysely
            .selectFrom('loyalty_accounts')
            .select('points_balance')
            .where('customer_id', '=', CUSTOMER)
            .executeTakeFirstOrThrow()
        ).points_balance,
      );

    it('stores the link code with its sale and makes it redeemable once the sale is applied', async () => {
      const code = randomCode();
      const sale = makeSale({ linkCode: code });
      expect(await pushSale(sale)).toMatchObject({ status: 'applied' });
      const row = await t.db.kysely.selectFrom('link_codes').selectAll().executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        code,
        sale_id: sale.saleId,
        card_number: sale.cardNumber,
        status: 'redeemable',
        redeemed_at: null,
      });
      expect(Number(row.attempts)).toBe(0);
    });

    it('refuses a second sale bringing a link code another sale holds, and keeps the first', async () => {
      const code = randomCode();
      const first = makeSale({ linkCode: code });
      expect(await pushSale(first)).toMatchObject({ status: 'applied' });
      const second = makeSale({ linkCode: code });
      expect(await pushSale(second)).toMatchObject({ status: 'rejected', reason: 'link_code_taken' });
      const rows = await t.db.kysely.selectFrom('link_codes').select(['code', 'sale_id']).execute();
      expect(rows).toEqual([{ code, sale_id: first.saleId }]);
      const sales = await t.db.kysely.selectFrom('sales').select('id').execute();
      expect(sales.map((s) => s.id)).toEqual([first.saleId]);
    });

    it('applies a partial return once, refuses more than remains, and refuses a return of a return', async () => {
      // Two lines: 2 × 89.90 and 1 × 10.00.
      const sale = makeSale({}, [
        [8990, 2000],
        [1000, 1000],
      ]);
      expect(await pushSale(sale)).toMatchObject({ status: 'applied' });
      const first = makeReturn(sale.saleId, [{ lineNo: 1, quantityMilli: 1000 }], 8990);
      expect(await pushReturn(first)).toMatchObject({ status: 'applied' });

      const tooMuch = makeReturn(sale.saleId, [{ lineNo: 1, quantityMilli: 2000 }], 17980);
      expect(await pushReturn(tooMuch)).toMatchObject({ status: 'rejected', reason: 'over_return' });

      const ofReturn = makeReturn(first.returnId, [{ lineNo: 1, quantityMilli: 1000 }], 8990);
      expect(await pushReturn(ofReturn)).toMatchObject({ status: 'rejected', reason: 'return_of_return' });

      const wrongRefund = makeReturn(sale.saleId, [{ lineNo: 2, quantityMilli: 1000 }], 1001);
      expect(await pushReturn(wrongRefund)).toMatchObject({ status: 'rejected', reason: 'refund_mismatch' });

      const rest = makeReturn(
        sale.saleId,
        [
          { lineNo: 1, quantityMilli: 1000 },
          { lineNo: 2, quantityMilli: 1000 },
        ],
        9990,
      );
      expect(await pushReturn(rest)).toMatchObject({ status: 'applied' });
      const returns = await t.db.kysely
        .selectFrom('returns')
        .select(['id', 'refund_minor'])
        .orderBy('id')
        .execute();
      expect(returns.map((r) => [r.id, Number(r.refund_minor)])).toEqual([
        [first.returnId, 8990],
        [rest.returnId, 9990],
      ]);
      // HQ sees both returns on the purchase, each once, newest first, the refused ones nowhere.
      const hq = await adminCaller(t.db);
      const found = await hq.hq.customerPurchases({ query: sale.cardNumber! });
      const purchase = found.purchases.find((p) => p.saleId === sale.saleId);
      expect(purchase?.returns.map((r) => [r.returnId, r.refundMinor, r.reason])).toEqual([
        [rest.returnId, 9990, rest.reason],
        [first.returnId, 8990, first.reason],
      ]);
    });

    it('reverses earned points and restores burned ones in proportion; balance = sum of entries', async () => {
      await t.db.kysely.transaction().execute((trx) =>
        appendEntry(
          trx,
          {
            customerId: CUSTOMER,
            cardNumber: '9900000000017',
            kind: 'adjustment',
            points: 300,
            sourceId: uuidv7(),
          },
          new Date().toISOString(),
        ),
      );
      // Gold: two lines of 500.00, 5 % off = 950.00; 200 points pay 200.00; 750.00 paid earns 37.
      const sale = loyaltySale('gold', 200, [
        [50_000, 1000],
        [50_000, 1000],
      ]);
      expect(await pushSale(sale)).toMatchObject({ status: 'applied' });
      expect(await ledgerBalance(t.db.kysely, CUSTOMER)).toBe(137);

      // Half the goods back: half the money paid, half the points (rounded down) each way.
      const half = makeReturn(sale.saleId, [{ lineNo: 1, quantityMilli: 1000 }], 37_500);
      expect(await pushReturn(half)).toMatchObject({ status: 'applied' });
      // The rest: whatever rounding kept back the first time comes back now, exactly.
      const rest = makeReturn(sale.saleId, [{ lineNo: 2, quantityMilli: 1000 }], 37_500);
      expect(await pushReturn(rest)).toMatchObject({ status: 'applied' });

      const rows = await ledger();
      expect(rows.slice(1)).toEqual([
        ['burn', -200, sale.saleId],
        ['earn', 37, sale.saleId],
        ['reversal', -18, `${half.returnId}/earn`],
        ['reversal', 100, `${half.returnId}/burn`],
        ['reversal', -19, `${rest.returnId}/earn`],
        ['reversal', 100, `${rest.returnId}/burn`],
      ]);
      // Everything returned: back to the 300 granted before the sale.
      expect(await ledgerBalance(t.db.kysely, CUSTOMER)).toBe(300);
      expect(await cachedBalance()).toBe(300);
    });

    it('refuses a return of a sale the server does not have', async () => {
      const ret = makeReturn(uuidv7(), [{ lineNo: 1, quantityMilli: 1000 }], 100);
      expect(await pushReturn(ret)).toMatchObject({ status: 'rejected', reason: 'unknown_sale' });
    });
  });
});
