import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPin } from '../../../shared/domain/pinHash';
import { shiftCloseSchema } from '../../../shared/domain/shift';
import { applyPullPage } from '../../../renderer/db/catalog';
import { checkPin, PIN_LOCK_MS } from '../../../renderer/db/cashiers';
import type { TillDb } from '../../../renderer/db/database';
import { recordReturn } from '../../../renderer/db/returns';
import { recordSale } from '../../../renderer/db/sales';
import { pendingBatch } from '../../../renderer/db/outbox';
import { closeShift, openShift, recordCashMove, shiftFigures } from '../../../renderer/db/shifts';
import { draft, enrolledTillDb } from './support';

const salt = () => crypto.getRandomValues(new Uint8Array(16));

describe('cashiers, PINs and shifts at the till', () => {
  let db: TillDb;
  beforeEach(async () => {
    db = await enrolledTillDb();
    // As the server sends them: a pulled page, PINs only as hashes.
    await applyPullPage(db, {
      changes: [
        {
          topic: 'cashier',
          id: 'c-olga',
          data: {
            id: 'c-olga',
            name: 'Olga',
            role: 'cashier',
            pinHash: await hashPin('4821', salt()),
            active: true,
          },
        },
        {
          topic: 'cashier',
          id: 'c-ivan',
          data: {
            id: 'c-ivan',
            name: 'Ivan',
            role: 'manager',
            pinHash: await hashPin('97310', salt()),
            active: true,
          },
        },
      ],
      cursor: '0.2',
      hasMore: false,
    });
  });
  afterEach(() => db.delete());

  it('verifies a PIN offline against the pulled hash; a manager PIN only for a manager', async () => {
    expect(await checkPin(db, 'c-olga', '4821')).toMatchObject({ ok: true, cashier: { name: 'Olga' } });
    expect(await checkPin(db, 'c-olga', '4822')).toMatchObject({
      ok: false,
      reason: 'wrong_pin',
      attemptsLeft: 4,
    });
    expect(await checkPin(db, 'c-olga', '4821', { role: 'manager' })).toMatchObject({ ok: false });
    expect(await checkPin(db, 'c-ivan', '97310', { role: 'manager' })).toMatchObject({ ok: true });
    expect(JSON.stringify(await db.cashiers.toArray())).not.toContain('4821');
  });

  it('locks sign-in for a minute after five wrong PINs, even the right one, then lets it in', async () => {
    const t0 = new Date('2025-03-01T10:00:00Z');
    for (let i = 0; i < 4; i++) expect((await checkPin(db, 'c-olga', '0000', { now: t0 })).ok).toBe(false);
    expect(await checkPin(db, 'c-olga', '0000', { now: t0 })).toMatchObject({ reason: 'locked' });
    expect(await checkPin(db, 'c-olga', '4821', { now: new Date(t0.getTime() + 30_000) })).toMatchObject({
      reason: 'locked',
    });
    const after = new Date(t0.getTime() + PIN_LOCK_MS + 1);
    expect(await checkPin(db, 'c-olga', '4821', { now: after })).toMatchObject({ ok: true });
  });

  it('X and Z figures: sales of the shift by method, cash moves, expected cash and the difference', async () => {
    const shift = await openShift(db, 'c-olga', 10_000);
    // A sale outside any shift is not the shift's.
    await recordSale(db, draft());
    await recordSale(db, { ...draft(), cashierId: 'c-olga', shiftId: shift.id });
    await recordSale(db, { ...draft(30_000), cashierId: 'c-olga', shiftId: shift.id });
    await recordCashMove(db, {
      shiftId: shift.id,
      cashierId: 'c-olga',
      direction: 'out',
      amountMinor: 5_000,
      reason: 'safe',
    });
    await recordCashMove(db, {
      shiftId: shift.id,
      cashierId: 'c-olga',
      direction: 'in',
      amountMinor: 1_000,
      reason: 'coins',
    });
    const x = await shiftFigures(db, shift);
    const total = 2 * 8990 + 5490;
    expect(x).toEqual({
      salesCount: 2,
      salesTotalMinor: 2 * total,
      byMethod: { cash: 2 * total },
      returnsCount: 0,
      returnsTotalMinor: 0,
      returnsByMethod: {},
      cashInMinor: 1_000,
      cashOutMinor: 5_000,
      expectedCashMinor: 10_000 + 2 * total + 1_000 - 5_000,
    });
    const closed = await closeShift(db, shift.id, 'c-olga', x.expectedCashMinor - 300);
    expect(closed.close).toMatchObject({ differenceMinor: -300, figures: x });
    await expect(closeShift(db, shift.id, 'c-olga', 0)).rejects.toThrow(/already closed/);

    const ops = await pendingBatch(db, 10);
    expect(ops.map((o) => o.kind)).toEqual([
      'shift.open',
      'sale.record',
      'sale.record',
      'sale.record',
      'cash.move',
      'cash.move',
      'shift.close',
    ]);
    expect(ops.map((o) => o.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(shiftCloseSchema.safeParse(ops.at(-1)?.payload).success).toBe(true);
    expect(ops[2]?.payload).toMatchObject({ cashierId: 'c-olga', shiftId: shift.id });
  });

  it('X and Z count the returns given in the shift: cash refunds come off the expected cash', async () => {
    // A sale before the shift, returned in it: the refund leaves this shift's drawer.
    const before = await recordSale(db, { ...draft(), cardNumber: null });
    const shift = await openShift(db, 'c-olga', 10_000);
    const inShift = { cashierId: 'c-olga', shiftId: shift.id };
    const mixed = await recordSale(db, {
      ...draft(),
      cardNumber: null,
      cardPayments: [
        { amountMinor: 10_000, reference: 'RRN 1' },
        { amountMinor: 5_000, reference: 'RRN 2' },
      ],
      ...inShift,
    });
    const bread = 5490;
    const milk = 8990;
    const stored = async (saleId: string) => {
      const sale = await db.sales.get(saleId);
      if (!sale) throw new Error('sale not stored');
      return sale;
    };
    const returned = await recordReturn(db, {
      sale: await stored(before.sale.saleId),
      lines: [{ lineNo: 2, quantityMilli: 1000 }],
      reason: 'stale',
      shift: inShift,
    });
    await recordReturn(db, {
      sale: await stored(mixed.sale.saleId),
      lines: [{ lineNo: 1, quantityMilli: 1000 }],
      reason: 'damaged',
      shift: inShift,
    });
    // A return recorded without a shift (a till with no cashiers then) is no shift's.
    await recordReturn(db, {
      sale: await stored(mixed.sale.saleId),
      lines: [{ lineNo: 2, quantityMilli: 1000 }],
      reason: 'x',
    });
    expect(returned.ok && returned.record).toMatchObject({ shiftId: shift.id, cashierId: 'c-olga' });

    const total = 2 * milk + bread;
    const x = await shiftFigures(db, shift);
    expect(x).toEqual({
      salesCount: 1,
      salesTotalMinor: total,
      byMethod: { card: 15_000, cash: total - 15_000 },
      returnsCount: 2,
      returnsTotalMinor: bread + milk,
      returnsByMethod: { cash: bread + milk },
      cashInMinor: 0,
      cashOutMinor: 0,
      expectedCashMinor: 10_000 + (total - 15_000) - (bread + milk),
    });
    const closed = await closeShift(db, shift.id, 'c-olga', x.expectedCashMinor);
    expect(closed.close).toMatchObject({ differenceMinor: 0, figures: x });
    expect(shiftCloseSchema.safeParse((await db.outbox.orderBy('seq').last())?.payload).success).toBe(true);
  });
});
