import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sale } from '../../../shared/domain/sale';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { publishLoyaltyConfig } from '../../../server/loyalty/configs';
import { appendEntry, ledgerBalance } from '../../../server/loyalty/ledger';
import { chainConfig, loyaltySale } from '../loyalty/saleLoyalty';
import { adminCaller, saleOp, setUpChain } from '../support/chain';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { addHqUser, hqCaller } from '../support/hqUsers';

const CUSTOMER = 'cust-1';

describe.each(engines)('HQ loyalty review and adjustments on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    let chain: Awaited<ReturnType<typeof setUpChain>>;
    let admin: Awaited<ReturnType<typeof adminCaller>>;
    beforeEach(async () => {
      t = await openTestDb(engine);
      chain = await setUpChain(t.db);
      admin = await adminCaller(t.db);
      await t.db.kysely.transaction().execute(async (trx) => {
        const now = new Date().toISOString();
        await publishLoyaltyConfig(trx, chainConfig, now);
        await appendEntry(
          trx,
          {
            customerId: CUSTOMER,
            cardNumber: '9900000000017',
            kind: 'adjustment',
            points: 300,
            sourceId: 'grant',
          },
          now,
        );
      });
    });
    afterEach(() => t.dispose());

    const push = (sale: Sale, till = chain.tillA) =>
      till.caller.sync.push({ deviceId: till.deviceId, installId: uuidv7(), ops: [saleOp(1, sale)] });
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

    it('flags the burn two offline tills overdrew with the card, both tills and the amounts; an adjustment settles it once', async () => {
      await push({ ...loyaltySale('base', 250), receiptNo: 'A1-7' }, chain.tillA);
      await push({ ...loyaltySale('base', 250), receiptNo: 'B1-3' }, chain.tillB);
      const [flagged, ...rest] = await admin.hq.loyaltyReview({});
      expect(rest).toEqual([]);
      // 300 granted, 250 burned and 7 earned at A1, then 250 burned at B1: 300 − 250 + 7 − 250.
      expect(flagged).toMatchObject({
        kind: 'burn',
        points: -250,
        overdraft: true,
        cardNumber: '9900000000017',
        customerId: CUSTOMER,
        deviceName: 'Till B1',
        storeName: 'Store B',
        receiptNo: 'B1-3',
        operation: 'sale.record',
        balanceAfter: -193,
        adjustment: null,
      });
      expect(flagged?.earlierBurns.map((b) => [b.deviceName, b.points, b.receiptNo])).toEqual([
        ['Till A1', -250, 'A1-7'],
      ]);

      const before = await ledgerBalance(t.db.kysely, CUSTOMER);
      const adjusted = await admin.hq.adjustPoints({
        customerId: CUSTOMER,
        points: 193,
        reason: 'points spent twice offline: written off',
        reviewedEntryId: flagged!.id,
      });
      expect(adjusted.balance).toBe(before + 193);
      // Append-only: the burn is still there, the balance is the sum of the entries and the cache.
      expect(await ledgerBalance(t.db.kysely, CUSTOMER)).toBe(adjusted.balance);
      expect(await cachedBalance()).toBe(adjusted.balance);
      const burn = await t.db.kysely
        .selectFrom('loyalty_ledger')
        .select(['points', 'overdraft'])
        .where('id', '=', flagged!.id)
        .executeTakeFirstOrThrow();
      expect([Number(burn.points), burn.overdraft]).toEqual([-250, 1]);

      await expect(
        admin.hq.adjustPoints({
          customerId: CUSTOMER,
          points: 193,
          reason: 'again',
          reviewedEntryId: flagged!.id,
        }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      const [after] = await admin.hq.loyaltyReview({});
      expect(after?.adjustment).toMatchObject({
        points: 193,
        note: 'points spent twice offline: written off',
        by: 'Test Admin',
      });

      // The tills learn the corrected balance on their next pull.
      const pulled = await chain.tillA.caller.sync.pull({ cursor: null, limit: 1000 });
      const summaries = pulled.changes.filter((c) => c.topic === 'customer_summary' && c.id === CUSTOMER);
      expect(summaries.at(-1)?.data).toMatchObject({ pointsBalance: adjusted.balance });

      // A store manager sees the flagged burns of their own stores' tills only.
      const managerA = hqCaller(t.db, await addHqUser(t.db, 'store_manager', { storeIds: [chain.storeA] }));
      const managerB = hqCaller(t.db, await addHqUser(t.db, 'store_manager', { storeIds: [chain.storeB] }));
      expect(await managerA.hq.loyaltyReview({})).toEqual([]);
      expect((await managerB.hq.loyaltyReview({})).map((r) => r.id)).toEqual([flagged!.id]);
    });

    it('shows the ledger with operation, store and running balance; refuses a bad adjustment and changes nothing', async () => {
      await push({ ...loyaltySale('base', 100), receiptNo: 'A1-8' }, chain.tillA);
      await admin.hq.adjustPoints({ customerId: CUSTOMER, points: -5, reason: 'goodwill taken back' });
      const ledger = await admin.hq.customerLedger({ customerId: CUSTOMER });
      expect(
        ledger.entries.map((e) => [e.kind, e.points, e.operation, e.storeName, e.receiptNo, e.balanceAfter]),
      ).toEqual([
        ['adjustment', -5, null, null, null, 300 - 100 + 9 - 5],
        ['earn', 9, 'sale.record', 'Store A', 'A1-8', 300 - 100 + 9],
        ['burn', -100, 'sale.record', 'Store A', 'A1-8', 200],
        ['adjustment', 300, null, null, null, 300],
      ]);
      expect(ledger.entries[0]).toMatchObject({ note: 'goodwill taken back', createdByName: 'Test Admin' });
      expect(ledger.balance).toBe(204);

      const count = async () =>
        (await t.db.kysely.selectFrom('loyalty_ledger').select('id').execute()).length;
      const entries = await count();
      await expect(
        admin.hq.adjustPoints({ customerId: CUSTOMER, points: 0, reason: 'nothing at all' }),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await expect(
        admin.hq.adjustPoints({ customerId: CUSTOMER, points: 5, reason: '' }),
      ).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
      await expect(
        admin.hq.adjustPoints({ customerId: 'nobody', points: 5, reason: 'goodwill' }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
      // Only a flagged entry of this customer can be settled from the review list.
      await expect(
        admin.hq.adjustPoints({
          customerId: CUSTOMER,
          points: 5,
          reason: 'goodwill',
          reviewedEntryId: ledger.entries[1]!.id,
        }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await count()).toBe(entries);
      expect(await cachedBalance()).toBe(204);
    });
  });
});
