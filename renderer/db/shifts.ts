import {
  cashMoveSchema,
  shiftCloseSchema,
  shiftOpenSchema,
  type CashMove,
  type ShiftFigures,
} from '../../shared/domain/shift';
import type { z } from 'zod';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { operationKinds, type OperationKind } from '../../shared/sync/operations';
import { payloadHash } from '../../shared/sync/protocol';
import { parseUnknown } from '../../shared/validation';
import type { ShiftRecord, TillDb } from './database';
import { requireMeta, setMeta } from './meta';

/**
 * Shifts at the till: open with the cash in the drawer, cash in and out, the X report (running
 * figures) and the Z report (close with the counted cash). Each writes its rows and its outbox
 * operation in one transaction with the next seq, like a sale.
 */

async function enqueue(db: TillDb, kind: OperationKind, payload: { wallTime: string }): Promise<number> {
  const counters = await requireMeta(db, 'counters');
  const seq = counters.nextSeq;
  await db.outbox.add({
    seq,
    opId: uuidv7(),
    kind,
    schemaVersion: operationKinds[kind].currentVersion,
    payload,
    payloadHash: payloadHash(payload),
    wallTime: payload.wallTime,
    attempts: 0,
    lastError: null,
  });
  await setMeta(db, 'counters', { ...counters, nextSeq: seq + 1 });
  return seq;
}

function checked<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = parseUnknown(schema, value);
  // Thrown, so the transaction aborts and nothing is written.
  if (!parsed.ok) throw new Error(`not recorded:\n${parsed.error}`);
  return parsed.value;
}

export function openShiftOf(db: TillDb): Promise<ShiftRecord | undefined> {
  return db.shifts.where('status').equals('open').first();
}

export async function openShift(
  db: TillDb,
  cashierId: string,
  openingCashMinor: number,
  now = new Date(),
): Promise<ShiftRecord> {
  return db.transaction('rw', [db.meta, db.outbox, db.shifts], async () => {
    if (await openShiftOf(db)) throw new Error('a shift is already open on this till');
    const device = await requireMeta(db, 'device');
    const open = checked(shiftOpenSchema, {
      shiftId: uuidv7(),
      cashierId,
      currency: device.store.currency,
      openingCashMinor,
      wallTime: now.toISOString(),
    });
    const openSeq = await enqueue(db, 'shift.open', open);
    const shift: ShiftRecord = {
      id: open.shiftId,
      cashierId,
      openingCashMinor,
      openSeq,
      openedAt: open.wallTime,
      status: 'open',
      close: null,
    };
    await db.shifts.add(shift);
    return shift;
  });
}

export async function recordCashMove(
  db: TillDb,
  move: Pick<CashMove, 'shiftId' | 'cashierId' | 'direction' | 'amountMinor' | 'reason'>,
  now = new Date(),
): Promise<CashMove> {
  return db.transaction('rw', [db.meta, db.outbox, db.shifts, db.cashMoves], async () => {
    const shift = await db.shifts.get(move.shiftId);
    if (shift?.status !== 'open') throw new Error('no open shift');
    const payload = checked(cashMoveSchema, { ...move, moveId: uuidv7(), wallTime: now.toISOString() });
    await enqueue(db, 'cash.move', payload);
    await db.cashMoves.add(payload);
    return payload;
  });
}

/**
 * The X report: what the shift has taken so far, from this till's own records (synced or not).
 * A return counts in the shift it was given in (its `shiftId`), whichever shift made the sale:
 * the refund left this drawer now. Cash refunded is taken off the cash expected in the drawer.
 */
export async function shiftFigures(db: TillDb, shift: ShiftRecord): Promise<ShiftFigures> {
  const inShift = <T extends { shiftId?: string | undefined }>(row: T) => row.shiftId === shift.id;
  const sales = await db.sales.where('seq').above(shift.openSeq).filter(inShift).toArray();
  const returns = await db.returns.where('seq').above(shift.openSeq).filter(inShift).toArray();
  const byMethod: Record<string, number> = {};
  for (const sale of sales) {
    for (const p of sale.payments) byMethod[p.method] = (byMethod[p.method] ?? 0) + p.amountMinor;
  }
  const returnsByMethod: Record<string, number> = {};
  for (const ret of returns) {
    for (const r of ret.refunds) returnsByMethod[r.method] = (returnsByMethod[r.method] ?? 0) + r.amountMinor;
  }
  const moves = await db.cashMoves.where('shiftId').equals(shift.id).toArray();
  const sum = (direction: 'in' | 'out') =>
    moves.filter((m) => m.direction === direction).reduce((n, m) => n + m.amountMinor, 0);
  const cashInMinor = sum('in');
  const cashOutMinor = sum('out');
  return {
    salesCount: sales.length,
    salesTotalMinor: sales.reduce((n, s) => n + s.totalMinor, 0),
    byMethod,
    returnsCount: returns.length,
    returnsTotalMinor: returns.reduce((n, r) => n + r.refundMinor, 0),
    returnsByMethod,
    cashInMinor,
    cashOutMinor,
    expectedCashMinor:
      shift.openingCashMinor +
      (byMethod.cash ?? 0) -
      (returnsByMethod.cash ?? 0) +
      cashInMinor -
      cashOutMinor,
  };
}

/** The Z report: closes the open shift with the cash counted; the difference is counted − expected. */
export async function closeShift(
  db: TillDb,
  shiftId: string,
  cashierId: string,
  countedCashMinor: number,
  now = new Date(),
): Promise<ShiftRecord> {
  return db.transaction(
    'rw',
    [db.meta, db.outbox, db.shifts, db.cashMoves, db.sales, db.returns],
    async () => {
      const shift = await db.shifts.get(shiftId);
      if (shift?.status !== 'open') throw new Error('the shift is already closed');
      const figures = await shiftFigures(db, shift);
      const payload = checked(shiftCloseSchema, {
        shiftId,
        cashierId,
        countedCashMinor,
        figures,
        differenceMinor: countedCashMinor - figures.expectedCashMinor,
        wallTime: now.toISOString(),
      });
      await enqueue(db, 'shift.close', payload);
      const closed: ShiftRecord = {
        ...shift,
        status: 'closed',
        close: {
          countedCashMinor,
          differenceMinor: payload.differenceMinor,
          figures,
          closedAt: payload.wallTime,
          cashierId,
        },
      };
      await db.shifts.put(closed);
      return closed;
    },
  );
}
