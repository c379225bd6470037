import { shiftFiguresSchema, type ShiftFigures } from '../../shared/domain/shift';
import { parseJsonText } from '../../shared/validation';
import { inScope, type StoreScope } from '../auth/roles';
import type { Db } from '../db/connect';
import { syncedShiftTotals, type ShiftSynced } from '../shifts/syncedShiftTotals';
import { decodePageCursor, encodePageCursor } from './pageCursor';

/** A moment as both sides saw it: the till's clock (printed, may be off) and the server's receipt. */
export type TwoTimes = { tillTime: string; receivedAt: string };

export type ShiftCashMove = TwoTimes & {
  direction: 'in' | 'out';
  amountMinor: number;
  reason: string;
  cashierName: string;
};

export type ShiftDetail = {
  id: string;
  deviceName: string;
  cashierName: string;
  currency: string;
  opened: TwoTimes;
  openingCashMinor: number;
  cashMoves: ShiftCashMove[];
  synced: ShiftSynced;
  closed:
    | null
    | (TwoTimes & {
        closedBy: string;
        countedCashMinor: number;
        expectedCashMinor: number;
        /** Counted − expected: negative is cash missing from the drawer. */
        differenceMinor: number;
        /** The till's Z report; null only if it could not be read. */
        figures: ShiftFigures | null;
      });
};

export type ShiftPage = { shifts: ShiftDetail[]; nextCursor: string | null };

export const SHIFT_PAGE_MAX = 100;

/**
 * A page of a store's shifts for HQ, newest first by when the server learnt of the opening (a
 * till's clock orders nothing), each with its cash moves, what the server holds of its sales and
 * returns, and the till's Z report once closed. Null for a store outside the caller's scope.
 */
export async function shiftPage(
  db: Db,
  scope: StoreScope,
  storeId: string,
  page: { cursor: string | null; limit: number },
): Promise<ShiftPage | null | 'invalid_cursor'> {
  if (!inScope(scope, storeId)) return null;
  const after = page.cursor === null ? null : decodePageCursor(page.cursor);
  if (page.cursor !== null && after === null) return 'invalid_cursor';
  const k = db.kysely;
  const store = await k.selectFrom('stores').select('currency').where('id', '=', storeId).executeTakeFirst();
  if (!store) return null;
  const limit = Math.min(page.limit, SHIFT_PAGE_MAX);
  const rows = await k
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
      'shifts.opened_received_at',
      'shifts.opening_cash_minor',
      'shifts.closed_op_id',
      'shifts.closed_wall_time',
      'shifts.closed_received_at',
      'shifts.counted_cash_minor',
      'shifts.expected_cash_minor',
      'shifts.difference_minor',
      'shifts.figures',
    ])
    .where('shifts.store_id', '=', storeId)
    .$if(after !== null, (q) =>
      q.where((eb) =>
        eb.or([
          eb('shifts.opened_received_at', '<', after!.receivedAt),
          eb.and([eb('shifts.opened_received_at', '=', after!.receivedAt), eb('shifts.id', '<', after!.id)]),
        ]),
      ),
    )
    .orderBy('shifts.opened_received_at', 'desc')
    .orderBy('shifts.id', 'desc')
    .limit(limit + 1)
    .execute();
  const more = rows.length > limit;
  if (more) rows.pop();
  const last = rows.at(-1);
  if (rows.length === 0) return { shifts: [], nextCursor: null };

  const ids = rows.map((s) => s.id);
  const moves = await k
    .selectFrom('cash_moves')
    .leftJoin('cashiers', 'cashiers.id', 'cash_moves.cashier_id')
    .select([
      'cash_moves.shift_id',
      'cash_moves.direction',
      'cash_moves.amount_minor',
      'cash_moves.reason',
      'cash_moves.wall_time',
      'cash_moves.received_at',
      'cashiers.name as cashierName',
    ])
    .where('cash_moves.shift_id', 'in', ids)
    .orderBy('cash_moves.received_at')
    .orderBy('cash_moves.id')
    .execute();
  const synced = await syncedShiftTotals(db, ids);

  const shifts = rows.map((s): ShiftDetail => {
    const figures = s.figures === null ? null : parseJsonText(shiftFiguresSchema, s.figures);
    return {
      id: s.id,
      deviceName: s.deviceName,
      cashierName: s.cashierName ?? '?',
      currency: store.currency,
      opened: { tillTime: s.opened_wall_time, receivedAt: s.opened_received_at },
      openingCashMinor: Number(s.opening_cash_minor),
      cashMoves: moves
        .filter((m) => m.shift_id === s.id)
        .map((m) => ({
          direction: m.direction,
          amountMinor: Number(m.amount_minor),
          reason: m.reason,
          cashierName: m.cashierName ?? '?',
          tillTime: m.wall_time,
          receivedAt: m.received_at,
        })),
      synced: synced.get(s.id)!,
      closed:
        s.closed_op_id === null
          ? null
          : {
              tillTime: s.closed_wall_time ?? '',
              receivedAt: s.closed_received_at ?? '',
              closedBy: s.closerName ?? '?',
              countedCashMinor: Number(s.counted_cash_minor),
              expectedCashMinor: Number(s.expected_cash_minor),
              differenceMinor: Number(s.difference_minor),
              figures: figures?.ok ? figures.value : null,
            },
    };
  });
  return {
    shifts,
    nextCursor: more && last ? encodePageCursor({ receivedAt: last.opened_received_at, id: last.id }) : null,
  };
}
