import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../shared/domain/canonicalJson';
import { pinHashSchema, verifyPin } from '../../../shared/domain/pinHash';
import type { ShiftFigures } from '../../../shared/domain/shift';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import type { OperationKind } from '../../../shared/sync/operations';
import { cashierRowSchema, payloadHash, type OutboxOp } from '../../../shared/sync/protocol';
import { parseUnknown } from '../../../shared/validation';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { adminCaller, makeSale, saleOp, setUpChain } from '../support/chain';

function op(seq: number, kind: OperationKind, payload: unknown): OutboxOp {
  const sent = JSON.parse(canonicalJson(payload)) as unknown;
  return {
    seq,
    opId: uuidv7(),
    kind,
    schemaVersion: 1,
    payload: sent,
    payloadHash: payloadHash(sent),
    wallTime: new Date().toISOString(),
  };
}

describe.each(engines)('shifts and cashiers on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    let chain: Awaited<ReturnType<typeof setUpChain>>;
    let admin: Awaited<ReturnType<typeof adminCaller>>;
    let cashierId: string;
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
    });
    afterEach(() => t.dispose());

    const push = (ops: OutboxOp[], till = chain.tillA) =>
      till.caller.sync.push({ deviceId: till.deviceId, installId, ops });

    const figures = (over: Partial<ShiftFigures> = {}): ShiftFigures => ({
      salesCount: 1,
      salesTotalMinor: 17980,
      byMethod: { cash: 17980 },
      returnsCount: 0,
      returnsTotalMinor: 0,
      cashInMinor: 0,
      cashOutMinor: 5000,
      expectedCashMinor: 10000 + 17980 - 5000,
      ...over,
    });

    it("the store's tills pull the cashier with a salted PIN hash that verifies, never the PIN", async () => {
      const pulledA = await chain.tillA.caller.sync.pull({ cursor: null });
      const pulledB = await chain.tillB.caller.sync.pull({ cursor: null });
      const rows = pulledA.changes.filter((c) => c.topic === 'cashier');
      expect(rows.map((r) => r.id)).toEqual([cashierId]);
      expect(pulledB.changes.filter((c) => c.topic === 'cashier')).toEqual([]);
      const text = JSON.stringify(rows);
      expect(text).not.toContain('4821');
      const row = parseUnknown(cashierRowSchema, rows[0]?.data);
      if (!row.ok) throw new Error(row.error);
      expect(row.value).toMatchObject({ name: 'Olga Ivanova', role: 'cashier', active: true });
      expect(await verifyPin('4821', row.value.pinHash)).toBe(true);
      expect(await verifyPin('4822', row.value.pinHash)).toBe(false);
      // Stored the same way on the server: a hash that parses, not the digits.
      const stored = await t.db.kysely.selectFrom('cashiers').select('pin_hash').executeTakeFirstOrThrow();
      expect(stored.pin_hash).not.toContain('4821');
      expect(pinHashSchema.safeParse(JSON.parse(stored.pin_hash)).success).toBe(true);
      // HQ's list never carries the hash.
      const listed = await admin.hq.cashiers({ storeId: chain.storeA });
      expect(JSON.stringify(listed)).not.toContain('scrypt');
    });

    it('applies open, a sale, cash out and close; HQ shows the shift once with its Z figures', async () => {
      const shiftId = uuidv7();
      const sale = makeSale({ cashierId, shiftId });
      const wallTime = new Date().toISOString();
      const result = await push([
        op(1, 'shift.open', { shiftId, cashierId, currency: 'RUB', openingCashMinor: 10000, wallTime }),
        { ...saleOp(2, sale) },
        op(3, 'cash.move', {
          moveId: uuidv7(),
          shiftId,
          cashierId,
          direction: 'out',
          amountMinor: 5000,
          reason: 'to the safe',
          wallTime,
        }),
        op(4, 'shift.close', {
          shiftId,
          cashierId,
          countedCashMinor: 22900,
          figures: figures(),
          differenceMinor: 22900 - 22980,
          wallTime,
        }),
      ]);
      expect(result.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
      const savedSale = await t.db.kysely
        .selectFrom('sales')
        .select(['cashier_id', 'shift_id'])
        .where('id', '=', sale.saleId)
        .executeTakeFirstOrThrow();
      expect(savedSale).toEqual({ cashier_id: cashierId, shift_id: shiftId });

      const shifts = await admin.hq.storeShifts({ storeId: chain.storeA });
      expect(shifts).toHaveLength(1);
      expect(shifts[0]).toMatchObject({
        id: shiftId,
        cashierName: 'Olga Ivanova',
        openingCashMinor: 10000,
        cashOutMinor: 5000,
        cashInMinor: 0,
        syncedSalesCount: 1,
        syncedSalesTotalMinor: 17980,
        closed: {
          countedCashMinor: 22900,
          expectedCashMinor: 22980,
          differenceMinor: -80,
          figures: figures(),
        },
      });
      expect(await admin.hq.storeShifts({ storeId: chain.storeB })).toEqual([]);
    });

    it('counts a return given in the shift: what HQ holds for it equals the till’s Z report', async () => {
      const shiftId = uuidv7();
      const sale = makeSale({ cashierId, shiftId, cardNumber: null });
      const wallTime = new Date().toISOString();
      const refund = 8990;
      const z = figures({
        returnsCount: 1,
        returnsTotalMinor: refund,
        returnsByMethod: { cash: refund },
        cashOutMinor: 0,
        expectedCashMinor: 10000 + 17980 - refund,
      });
      const result = await push([
        op(1, 'shift.open', { shiftId, cashierId, currency: 'RUB', openingCashMinor: 10000, wallTime }),
        saleOp(2, sale),
        op(3, 'return.record', {
          returnId: uuidv7(),
          saleId: sale.saleId,
          lines: [{ lineNo: 1, quantityMilli: 1000 }],
          refunds: [{ method: 'cash', amountMinor: refund }],
          refundMinor: refund,
          reason: 'damaged',
          cashierId,
          shiftId,
          wallTime,
        }),
        op(4, 'shift.close', {
          shiftId,
          cashierId,
          countedCashMinor: z.expectedCashMinor,
          figures: z,
          differenceMinor: 0,
          wallTime,
        }),
      ]);
      expect(result.results.map((r) => (r.status === 'rejected' ? r.reason : r.status))).toEqual([
        'applied',
        'applied',
        'applied',
        'applied',
      ]);
      const [shift] = await admin.hq.storeShifts({ storeId: chain.storeA });
      expect(shift).toMatchObject({
        syncedSalesCount: 1,
        syncedSalesTotalMinor: 17980,
        syncedReturnsCount: 1,
        syncedReturnsTotalMinor: refund,
        syncedExpectedCashMinor: 18990,
        closed: { expectedCashMinor: 18990, differenceMinor: 0, figures: z },
      });
      expect(shift?.syncedExpectedCashMinor).toBe(shift?.closed?.expectedCashMinor);
      const stored = await t.db.kysely
        .selectFrom('returns')
        .select(['shift_id', 'cashier_id'])
        .executeTakeFirstOrThrow();
      expect(stored).toEqual({ shift_id: shiftId, cashier_id: cashierId });
    });

    it('refuses to close a shift twice, and cash moves after the close', async () => {
      const shiftId = uuidv7();
      const wallTime = new Date().toISOString();
      const close = (seq: number, counted: number) =>
        op(seq, 'shift.close', {
          shiftId,
          cashierId,
          countedCashMinor: counted,
          figures: figures({
            salesCount: 0,
            salesTotalMinor: 0,
            byMethod: {},
            cashOutMinor: 0,
            expectedCashMinor: 0,
          }),
          differenceMinor: counted,
          wallTime,
        });
      const result = await push([
        op(1, 'shift.open', { shiftId, cashierId, currency: 'RUB', openingCashMinor: 0, wallTime }),
        close(2, 0),
        close(3, 700),
        op(4, 'cash.move', {
          moveId: uuidv7(),
          shiftId,
          cashierId,
          direction: 'in',
          amountMinor: 100,
          reason: 'float',
          wallTime,
        }),
      ]);
      expect(result.results.map((r) => (r.status === 'rejected' ? r.reason : r.status))).toEqual([
        'applied',
        'applied',
        'shift_closed',
        'shift_closed',
      ]);
      const [shift] = await admin.hq.storeShifts({ storeId: chain.storeA });
      expect(shift?.closed?.countedCashMinor).toBe(0);
    });

    it("refuses a shift of an unknown cashier and cash moved in another till's shift", async () => {
      const shiftId = uuidv7();
      const wallTime = new Date().toISOString();
      const opened = await push([
        op(1, 'shift.open', {
          shiftId: uuidv7(),
          cashierId: 'nobody',
          currency: 'RUB',
          openingCashMinor: 0,
          wallTime,
        }),
        op(2, 'shift.open', { shiftId, cashierId, currency: 'RUB', openingCashMinor: 0, wallTime }),
      ]);
      expect(opened.results.map((r) => (r.status === 'rejected' ? r.reason : r.status))).toEqual([
        'unknown_cashier',
        'applied',
      ]);
      const other = await push(
        [
          op(1, 'cash.move', {
            moveId: uuidv7(),
            shiftId,
            cashierId,
            direction: 'out',
            amountMinor: 100,
            reason: 'x',
            wallTime,
          }),
        ],
        chain.tillB,
      );
      expect(other.results[0]).toMatchObject({ status: 'rejected', reason: 'unknown_shift' });
    });

    it('a new PIN and a switched-off cashier reach the tills', async () => {
      await admin.hq.updateCashier({ id: cashierId, pin: '55667788', active: false });
      // As a till does, pull again until the change is there: on PostgreSQL a pull holds back rows
      // committed after a transaction still open elsewhere on the server (docs/sync-protocol.md §7.2).
      const lastCashierChange = async () => {
        const pulled = await chain.tillA.caller.sync.pull({ cursor: null });
        return pulled.changes.filter((c) => c.topic === 'cashier').at(-1)?.data;
      };
      await expect.poll(lastCashierChange, { timeout: 20_000 }).toMatchObject({ active: false });
      const row = parseUnknown(cashierRowSchema, await lastCashierChange());
      if (!row.ok) throw new Error(row.error);
      expect(row.value.active).toBe(false);
      expect(await verifyPin('55667788', row.value.pinHash)).toBe(true);
      expect(await verifyPin('4821', row.value.pinHash)).toBe(false);
    });
  });
});
