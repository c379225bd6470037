import { shiftFiguresSchema, type ShiftFigures } from '../../shared/domain/shift';
import { parseJsonText } from '../../shared/validation';
import { inScope, type StoreScope } from '../auth/roles';
import type { Db } from '../db/connect';
import { syncedShiftTotals } from './syncedShiftTotals';

export type ShiftSummary = {
  id: string;
  deviceName: string;
  cashierName: string;
  openedAt: string;
  openingCashMinor: number;
  cashInMinor: number;
  cashOutMinor: number;
  /** Sales the server holds for this shift: they may lag the till's figures until it syncs. */
  syncedSalesCount: number;
  syncedSalesTotalMinor: number;
  /** Returns the server holds for this shift (refunds given in it), likewise. */
  syncedReturnsCount: number;
  syncedReturnsTotalMinor: number;
  /**
   * The cash the drawer should hold by what reached the server: opening + cash taken − cash
   * refunded + cash in − cash out. Once the till has synced, it equals the Z report's expected cash;
   * a difference means operations of the shift are still missing (or were refused).
   */
  syncedExpectedCashMinor: number;
  closed: null | {
    closedAt: string;
    closedBy: string;
    countedCashMinor: number;
    expectedCashMinor: number;
    differenceMinor: number;
    /** The till's Z report. */
    figures: ShiftFigures | null;
  };
};

const MAX_SHIFTS = 200;

/**
 * A store's shifts for HQ, newest first by when the server learnt of them (a till's clock orders
 * nothing). Open shifts show what has synced so far; closed ones carry the till's Z figures.
 */
export async function storeShifts(
  db: Db,
  scope: StoreScope,
  storeId: string,
  limit = 50,
): Promise<ShiftSummary[] | null> {
  if (!inScope(scope, storeId)) return null;
  const k = db.kysely;
  const shifts = await k
    .selectFrom('shifts')
    .innerJoin('devices', 'devices.id', 'shifts.device_id')
    .leftJoin('cashiers as opener', 'opener.id', 'shifts.cashier_id')
    .leftJoin('cashiers as closer', 'closer.id', 'shifts.closed_by')
    .select([
      'shifts.id',
      'devices.name as deviceName',
      'opener.name as cashierName',
      'closer.name as closerName',
      'shifts.opened_wall_time',
      'shifts.opening_cash_minor',
      'shifts.closed_op_id',
      'shifts.closed_wall_time',
      'shifts.counted_cash_minor',
      'shifts.expected_cash_minor',
      'shifts.difference_minor',
      'shifts.figures',
    ])
    .where('shifts.store_id', '=', storeId)
    .orderBy('shifts.opened_received_at', 'desc')
    .orderBy('shifts.id', 'desc')
    .limit(Math.min(limit, MAX_SHIFTS))
    .execute();
  if (shifts.length === 0) return [];
  const ids = shifts.map((s) => s.id);
  const moves = await k
    .selectFrom('cash_moves')
    .select(['shift_id', 'direction', (eb) => eb.fn.sum<number | string>('amount_minor').as('total')])
    .where('shift_id', 'in', ids)
    .groupBy(['shift_id', 'direction'])
    .execute();
  const totals = await syncedShiftTotals(db, ids);
  const moveTotal = (id: string, direction: 'in' | 'out') =>
    Number(moves.find((m) => m.shift_id === id && m.direction === direction)?.total ?? 0);
  return shifts.map((s) => {
    const synced = totals.get(s.id)!;
    const cashIn = moveTotal(s.id, 'in');
    const cashOut = moveTotal(s.id, 'out');
    const figures = s.figures === null ? null : parseJsonText(shiftFiguresSchema, s.figures);
    return {
      id: s.id,
      deviceName: s.deviceName,
      cashierName: s.cashierName ?? '?',
      openedAt: s.opened_wall_time,
      openingCashMinor: Number(s.opening_cash_minor),
      cashInMinor: cashIn,
      cashOutMinor: cashOut,
      syncedSalesCount: synced.salesCount,
      syncedSalesTotalMinor: synced.salesTotalMinor,
      syncedReturnsCount: synced.returnsCount,
      syncedReturnsTotalMinor: synced.returnsTotalMinor,
      // Every refund is cash so far (the return schema has no other method).
      syncedExpectedCashMinor:
        Number(s.opening_cash_minor) +
        (synced.byMethod.cash ?? 0) -
        synced.returnsTotalMinor +
        cashIn -
        cashOut,
      closed:
        s.closed_op_id === null
          ? null
          : {
              closedAt: s.closed_wall_time ?? '',
              closedBy: s.closerName ?? '?',
              countedCashMinor: Number(s.counted_cash_minor),
              expectedCashMinor: Number(s.expected_cash_minor),
              differenceMinor: Number(s.difference_minor),
              figures: figures?.ok ? figures.value : null,
            },
    };
  });
}
