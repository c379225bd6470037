import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import type { OutboxOp } from '../../../shared/sync/protocol';
import { adminCaller, makeSale, saleOp, setUpChain } from '../support/chain';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { addHqUser, hqCaller } from '../support/hqUsers';
import { makeReturn, tillOp, zFigures } from '../support/tillOps';

describe.each(engines)('HQ shift pages on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    let chain: Awaited<ReturnType<typeof setUpChain>>;
    let admin: Awaited<ReturnType<typeof adminCaller>>;
    let cashierId: string;
    let managerId: string;
    const installId = uuidv7();
    beforeEach(async () => {
      t = await openTestDb(engine);
      chain = await setUpChain(t.db);
      admin = await adminCaller(t.db);
      ({ id: cashierId } = await admin.hq.createCashier({
        storeId: chain.storeA,
        name: 'Olga Ivanova',
        role: 'cashier',
        pin: '4821',
      }));
      ({ id: managerId } = await admin.hq.createCashier({
        storeId: chain.storeA,
        name: 'Pavel Manager',
        role: 'manager',
        pin: '7310',
      }));
    });
    afterEach(() => t.dispose());

    const push = (ops: OutboxOp[]) =>
      chain.tillA.caller.sync.push({ deviceId: chain.tillA.deviceId, installId, ops });

    it('shows both clocks, cash moves, synced sales per tender and returns, and the counted difference', async () => {
      const shiftId = uuidv7();
      const tillClock = '2026-03-01T09:00:00.000+03:00';
      const cashSale = makeSale({ cashierId, shiftId, receiptNo: 'A-100' });
      const mixed = makeSale({ cashierId, shiftId, receiptNo: 'A-101' }, [[10_000, 1000]]);
      mixed.payments = [
        { method: 'card', amountMinor: 6_000, reference: 'AUTH 1' },
        { method: 'cash', amountMinor: 4_000, tenderedMinor: 5_000, changeMinor: 1_000 },
      ];
      const back = makeReturn(cashSale.saleId, [{ lineNo: 1, quantityMilli: 1000 }], 8990, {
        cashierId,
        shiftId,
        approvedBy: managerId,
      });
      const expected = 10_000 + 17_980 + 4_000 - 8_990 + 2_000 - 5_000;
      const result = await push([
        tillOp(1, 'shift.open', {
          shiftId,
          cashierId,
          currency: 'RUB',
          openingCashMinor: 10_000,
          wallTime: tillClock,
        }),
        saleOp(2, cashSale),
        saleOp(3, mixed),
        tillOp(4, 'return.record', back),
        tillOp(5, 'cash.move', {
          moveId: uuidv7(),
          shiftId,
          cashierId,
          direction: 'in',
          amountMinor: 2_000,
          reason: 'change float',
          wallTime: tillClock,
        }),
        tillOp(6, 'cash.move', {
          moveId: uuidv7(),
          shiftId,
          cashierId,
          direction: 'out',
          amountMinor: 5_000,
          reason: 'to the safe',
          wallTime: tillClock,
        }),
        tillOp(7, 'shift.close', {
          shiftId,
          cashierId: managerId,
          countedCashMinor: expected - 150,
          figures: zFigures({
            salesCount: 2,
            salesTotalMinor: 27_980,
            byMethod: { cash: 21_980, card: 6_000 },
            returnsCount: 1,
            returnsTotalMinor: 8_990,
            cashInMinor: 2_000,
            cashOutMinor: 5_000,
            expectedCashMinor: expected,
          }),
          differenceMinor: -150,
          wallTime: tillClock,
        }),
      ]);
      expect(result.results.map((r) => r.status)).toEqual(Array(7).fill('applied'));

      const page = await admin.hq.shiftPage({ storeId: chain.storeA });
      expect(page.nextCursor).toBeNull();
      expect(page.shifts).toHaveLength(1);
      const [shift] = page.shifts;
      expect(shift).toMatchObject({
        id: shiftId,
        deviceName: 'Till A1',
        cashierName: 'Olga Ivanova',
        currency: 'RUB',
        openingCashMinor: 10_000,
        synced: {
          salesCount: 2,
          salesTotalMinor: 27_980,
          byMethod: { cash: 21_980, card: 6_000 },
          returnsCount: 1,
          returnsTotalMinor: 8_990,
        },
        closed: {
          closedBy: 'Pavel Manager',
          countedCashMinor: expected - 150,
          expectedCashMinor: expected,
          differenceMinor: -150,
        },
      });
      // The till's clock as it said, the server's receive time as the server set it.
      expect(shift?.opened.tillTime).toBe(tillClock);
      expect(Date.parse(shift!.opened.receivedAt)).toBeGreaterThan(Date.parse(tillClock));
      expect(shift?.cashMoves.map((m) => [m.direction, m.amountMinor, m.reason, m.cashierName])).toEqual([
        ['in', 2_000, 'change float', 'Olga Ivanova'],
        ['out', 5_000, 'to the safe', 'Olga Ivanova'],
      ]);
    });

    it('pages newest first by receive time, none lost or repeated, and refuses a made-up cursor', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const shiftId = uuidv7();
        ids.push(shiftId);
        // A till clock running backwards orders nothing.
        const wallTime = new Date(Date.UTC(2026, 0, 10 - i)).toISOString();
        await push([
          tillOp(i + 1, 'shift.open', { shiftId, cashierId, currency: 'RUB', openingCashMinor: 0, wallTime }),
        ]);
      }
      const first = await admin.hq.shiftPage({ storeId: chain.storeA, limit: 2 });
      const second = await admin.hq.shiftPage({ storeId: chain.storeA, limit: 2, cursor: first.nextCursor });
      const third = await admin.hq.shiftPage({ storeId: chain.storeA, limit: 2, cursor: second.nextCursor });
      expect(third.nextCursor).toBeNull();
      const seen = [...first.shifts, ...second.shifts, ...third.shifts].map((s) => s.id);
      expect(seen).toEqual([...ids].reverse());
      expect(first.shifts[0]?.closed).toBeNull();

      await expect(
        admin.hq.shiftPage({ storeId: chain.storeA, cursor: 'bm90IGEgY3Vyc29y' }),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    });

    it("a store manager reads their own store's shifts and not another's", async () => {
      await push([
        tillOp(1, 'shift.open', {
          shiftId: uuidv7(),
          cashierId,
          currency: 'RUB',
          openingCashMinor: 0,
          wallTime: new Date().toISOString(),
        }),
      ]);
      const managerA = hqCaller(t.db, await addHqUser(t.db, 'store_manager', { storeIds: [chain.storeA] }));
      const managerB = hqCaller(t.db, await addHqUser(t.db, 'store_manager', { storeIds: [chain.storeB] }));
      expect((await managerA.hq.shiftPage({ storeId: chain.storeA })).shifts).toHaveLength(1);
      await expect(managerB.hq.shiftPage({ storeId: chain.storeA })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      await expect(managerB.hq.cashiers({ storeId: chain.storeA })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    });
  });
});
