import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import type { Sale } from '../../../shared/domain/sale';
import {
  customerSummaryRowSchema,
  loyaltyConfigRowSchema,
  phoneLookupKey,
} from '../../../shared/sync/protocol';
import { parseUnknown } from '../../../shared/validation';
import { publishLoyaltyConfig } from '../../../server/loyalty/configs';
import { appendEntry, ledgerBalance, reverseEntry } from '../../../server/loyalty/ledger';
import { isUniqueViolation } from '../../../server/db/errors';
import { recordSaleLoyalty } from '../../../server/loyalty/saleLoyalty';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { adminCaller, saleOp, setUpChain } from '../support/chain';
import { chainConfig, loyaltySale } from './saleLoyalty';

const CARD = '9900000000017';
const CUSTOMER = 'cust-1';

describe.each(engines)('points ledger on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    let chain: Awaited<ReturnType<typeof setUpChain>>;
    let seqs = new Map<string, number>();
    const installId = uuidv7();
    beforeEach(async () => {
      t = await openTestDb(engine);
      chain = await setUpChain(t.db);
      seqs = new Map();
      await t.db.kysely
        .transaction()
        .execute((trx) => publishLoyaltyConfig(trx, chainConfig, new Date().toISOString()));
    });
    afterEach(() => t.dispose());

    /** Each till numbers its own operations 1, 2, 3, … */
    const push = (sales: Sale[], till = chain.tillA) => {
      const ops = sales.map((s) => {
        const seq = (seqs.get(till.deviceId) ?? 0) + 1;
        seqs.set(till.deviceId, seq);
        return saleOp(seq, s);
      });
      return till.caller.sync.push({ deviceId: till.deviceId, installId, ops });
    };

    async function entries() {
      return t.db.kysely
        .selectFrom('loyalty_ledger')
        .select(['kind', 'points', 'overdraft', 'mismatch', 'sale_id'])
        .orderBy('created_at')
        .orderBy('id')
        .execute();
    }
    async function cachedBalance() {
      const row = await t.db.kysely
        .selectFrom('loyalty_accounts')
        .select('points_balance')
        .where('customer_id', '=', CUSTOMER)
        .executeTakeFirst();
      return Number(row?.points_balance ?? 0);
    }
    async function grant(points: number) {
      await t.db.kysely.transaction().execute((trx) =>
        appendEntry(
          trx,
          {
            customerId: CUSTOMER,
            cardNumber: CARD,
            kind: 'adjustment',
            points,
            sourceId: uuidv7(),
            note: 'welcome',
          },
          new Date().toISOString(),
        ),
      );
    }

    it('earns on a sale pushed through sync.push, once however often the push repeats', async () => {
      const sale = loyaltySale('base', 0); // 1,000.00 at 1 %: 10 points
      const op = saleOp(1, sale);
      const send = () =>
        chain.tillA.caller.sync.push({ deviceId: chain.tillA.deviceId, installId, ops: [op] });
      expect((await send()).results[0]).toMatchObject({ status: 'applied' });
      expect((await send()).results[0]).toMatchObject({ status: 'duplicate' });
      expect(await entries()).toEqual([
        { kind: 'earn', points: 10, overdraft: 0, mismatch: null, sale_id: sale.saleId },
      ]);
      expect(await ledgerBalance(t.db.kysely, CUSTOMER)).toBe(10);
      expect(await cachedBalance()).toBe(10);
    });

    it('refuses a second earn for the same sale at the ledger itself', async () => {
      const sale = loyaltySale('base', 0);
      const now = new Date().toISOString();
      await t.db.kysely.transaction().execute((trx) => recordSaleLoyalty(trx, sale, uuidv7(), CUSTOMER, now));
      const again = await t.db.kysely
        .transaction()
        .execute((trx) => recordSaleLoyalty(trx, sale, uuidv7(), CUSTOMER, now))
        .catch((e: unknown) => e);
      expect(isUniqueViolation(again)).toBe(true);
      expect(await ledgerBalance(t.db.kysely, CUSTOMER)).toBe(10);
      expect(await cachedBalance()).toBe(10);
    });

    it('burns what the till spent, earns on the money paid, and keeps balance = sum of entries', async () => {
      await grant(300);
      // Gold: 5 % off 1,000.00 = 950.00; 200 points pay 200.00; 5 % of 750.00 earns 37 points.
      const result = await push([loyaltySale('gold', 200)]);
      expect(result.results[0]).toMatchObject({ status: 'applied' });
      const rows = await entries();
      expect(rows.map((r) => [r.kind, Number(r.points), r.overdraft, r.mismatch])).toEqual([
        ['adjustment', 300, 0, null],
        ['burn', -200, 0, null],
        ['earn', 37, 0, null],
      ]);
      expect(await ledgerBalance(t.db.kysely, CUSTOMER)).toBe(137);
      expect(await cachedBalance()).toBe(137);
      const sale = await t.db.kysely
        .selectFrom('sales')
        .select(['total_minor', 'loyalty_discount_minor'])
        .executeTakeFirstOrThrow();
      expect([Number(sale.total_minor), Number(sale.loyalty_discount_minor)]).toEqual([95_000, 5_000]);
    });

    it('accepts a burn two offline tills made on the same points, flagging the one that overdraws', async () => {
      await grant(300);
      const a = await push([loyaltySale('base', 250)], chain.tillA);
      const b = await push([loyaltySale('base', 250)], chain.tillB);
      expect([a.results[0]?.status, b.results[0]?.status]).toEqual(['applied', 'applied']);
      const burns = (await entries()).filter((e) => e.kind === 'burn');
      expect(burns.map((e) => [Number(e.points), e.overdraft])).toEqual([
        [-250, 0],
        [-250, 1],
      ]);
      // Each sale still earns 1 % of the 750.00 paid: 7 points.
      expect(await ledgerBalance(t.db.kysely, CUSTOMER)).toBe(300 - 500 + 14);
      expect(await cachedBalance()).toBe(-186);
      const review = await (await adminCaller(t.db)).hq.loyaltyReview({});
      expect(review.map((r) => [r.kind, r.points, r.overdraft])).toEqual([['burn', -250, true]]);
    });

    it('records its own earn when the till computed another, and lists the sale for HQ', async () => {
      const sale = loyaltySale('base', 0);
      sale.loyalty = { ...sale.loyalty!, pointsEarned: 999 };
      expect((await push([sale])).results[0]).toMatchObject({ status: 'applied' });
      const [earn] = await entries();
      expect(Number(earn?.points)).toBe(10);
      expect(earn?.mismatch).toBe('earn: till 999, server 10');
      const review = await (await adminCaller(t.db)).hq.loyaltyReview({});
      expect(review).toHaveLength(1);
    });

    it('reverses an entry once, and refuses to reverse a reversal', async () => {
      await push([loyaltySale('base', 0)]);
      const now = new Date().toISOString();
      const earn = await t.db.kysely.selectFrom('loyalty_ledger').select('id').executeTakeFirstOrThrow();
      const first = await t.db.kysely
        .transaction()
        .execute((trx) => reverseEntry(trx, { entryId: earn.id, sourceId: 'return-1' }, now));
      expect(first).toMatchObject({ ok: true });
      if (!first.ok) return;
      expect(Number(first.entry.points)).toBe(-10);
      const twice = await t.db.kysely
        .transaction()
        .execute((trx) => reverseEntry(trx, { entryId: earn.id, sourceId: 'return-2' }, now));
      expect(twice).toEqual({ ok: false, reason: 'already_reversed' });
      const ofReversal = await t.db.kysely
        .transaction()
        .execute((trx) => reverseEntry(trx, { entryId: first.entry.id, sourceId: 'return-3' }, now));
      expect(ofReversal).toEqual({ ok: false, reason: 'reversal_of_reversal' });
      expect(await ledgerBalance(t.db.kysely, CUSTOMER)).toBe(0);
      expect(await cachedBalance()).toBe(0);
    });

    it('keeps the cached balance equal to the sum of entries through concurrent pushes', async () => {
      await grant(1000);
      const sales = Array.from({ length: 6 }, (_, i) => loyaltySale(i % 2 ? 'gold' : 'base', 50 + i));
      await Promise.all([push(sales.slice(0, 3), chain.tillA), push(sales.slice(3), chain.tillB)]);
      expect(await t.db.kysely.selectFrom('sales').select('id').execute()).toHaveLength(6);
      expect(await cachedBalance()).toBe(await ledgerBalance(t.db.kysely, CUSTOMER));
      const ledger = await (await adminCaller(t.db)).hq.customerLedger({ customerId: CUSTOMER });
      expect(ledger.balance).toBe(await cachedBalance());
      expect(ledger.entries).toHaveLength(13);
    });

    it('delivers the rules and the customer summary to the tills, with the balance the ledger committed', async () => {
      await grant(40);
      await push([loyaltySale('base', 30)]);
      const page = await chain.tillB.caller.sync.pull({ cursor: null, limit: 1000 });
      const config = page.changes.filter((c) => c.topic === 'loyalty_config');
      expect(config.map((c) => c.id)).toEqual(['current']);
      expect(parseUnknown(loyaltyConfigRowSchema, config[0]?.data)).toEqual({ ok: true, value: chainConfig });
      const summaries = page.changes.filter((c) => c.topic === 'customer_summary' && c.id === CUSTOMER);
      const last = parseUnknown(customerSummaryRowSchema, summaries.at(-1)?.data);
      // 40 granted, 30 spent, 1 % of 970.00 earned: 9.
      expect(last).toEqual({
        ok: true,
        value: {
          customerId: CUSTOMER,
          maskedName: 'Anna P.',
          tierCode: 'base',
          pointsBalance: 19,
          offers: [],
          // The till finds Anna by her phone without holding it.
          phoneKey: phoneLookupKey('+79120000001'),
        },
      });
    });

    it('moves a customer up a tier once their spend reaches it', async () => {
      await push([loyaltySale('base', 0, [[60_000, 1000]]), loyaltySale('base', 0, [[50_000, 1000]])]);
      const ledger = await (await adminCaller(t.db)).hq.customerLedger({ customerId: CUSTOMER });
      expect(ledger).toMatchObject({ lifetimeSpendMinor: 110_000, tierCode: 'gold', balance: 11 });
    });
  });
});
