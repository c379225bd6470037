import type { Kysely } from 'kysely';
import type { CashMove, ShiftClose, ShiftOpen } from '../../shared/domain/shift';
import type { OpOutcome } from '../../shared/sync/protocol';
import type { Database } from '../db/schema';
import type { ApplyContext, DeviceScope } from '../sync/applySale';

/**
 * The shift operations of a till (docs/operations.md, shifts and cashiers). Each is conditional:
 * a shift is opened once, cash moves only in an open shift of the same till, and a shift closes
 * once — a second close is `shift_closed`, never an overwrite of the first Z report.
 */
export async function applyShiftOpen(
  trx: Kysely<Database>,
  scope: DeviceScope,
  opId: string,
  open: ShiftOpen,
  { receivedAt }: ApplyContext,
): Promise<OpOutcome> {
  const store = await trx
    .selectFrom('stores')
    .select('currency')
    .where('id', '=', scope.storeId)
    .executeTakeFirstOrThrow();
  if (open.currency !== store.currency) {
    return {
      outcome: 'rejected',
      reason: 'currency_mismatch',
      detail: `shift in ${open.currency}, store counts in ${store.currency}`,
    };
  }
  const cashier = await knownCashier(trx, scope, open.cashierId);
  if (cashier) return cashier;
  const existing = await trx
    .selectFrom('shifts')
    .select('id')
    .where('id', '=', open.shiftId)
    .executeTakeFirst();
  if (existing) return { outcome: 'rejected', reason: 'shift_id_taken', detail: `shift ${open.shiftId}` };
  await trx
    .insertInto('shifts')
    .values({
      id: open.shiftId,
      store_id: scope.storeId,
      device_id: scope.deviceId,
      cashier_id: open.cashierId,
      open_op_id: opId,
      opening_cash_minor: open.openingCashMinor,
      opened_wall_time: open.wallTime,
      opened_received_at: receivedAt,
      closed_op_id: null,
      closed_by: null,
      counted_cash_minor: null,
      expected_cash_minor: null,
      difference_minor: null,
      figures: null,
      closed_wall_time: null,
      closed_received_at: null,
    })
    .execute();
  return { outcome: 'applied', entityId: open.shiftId };
}

export async function applyCashMove(
  trx: Kysely<Database>,
  scope: DeviceScope,
  opId: string,
  move: CashMove,
  { receivedAt }: ApplyContext,
): Promise<OpOutcome> {
  const shift = await shiftOfThisTill(trx, scope, move.shiftId);
  if ('outcome' in shift) return shift;
  if (shift.closed_op_id !== null) {
    return { outcome: 'rejected', reason: 'shift_closed', detail: `shift ${move.shiftId} is closed` };
  }
  const cashier = await knownCashier(trx, scope, move.cashierId);
  if (cashier) return cashier;
  const existing = await trx
    .selectFrom('cash_moves')
    .select('id')
    .where('id', '=', move.moveId)
    .executeTakeFirst();
  if (existing) return { outcome: 'rejected', reason: 'move_id_taken', detail: `cash move ${move.moveId}` };
  await trx
    .insertInto('cash_moves')
    .values({
      id: move.moveId,
      shift_id: move.shiftId,
      cashier_id: move.cashierId,
      op_id: opId,
      direction: move.direction,
      amount_minor: move.amountMinor,
      reason: move.reason,
      wall_time: move.wallTime,
      received_at: receivedAt,
    })
    .execute();
  return { outcome: 'applied', entityId: move.moveId };
}

export async function applyShiftClose(
  trx: Kysely<Database>,
  scope: DeviceScope,
  opId: string,
  close: ShiftClose,
  { receivedAt }: ApplyContext,
): Promise<OpOutcome> {
  const shift = await shiftOfThisTill(trx, scope, close.shiftId);
  if ('outcome' in shift) return shift;
  const cashier = await knownCashier(trx, scope, close.cashierId);
  if (cashier) return cashier;
  // The condition, not the read above, is the arbiter: two closes racing update one row once.
  const updated = await trx
    .updateTable('shifts')
    .set({
      closed_op_id: opId,
      closed_by: close.cashierId,
      counted_cash_minor: close.countedCashMinor,
      expected_cash_minor: close.figures.expectedCashMinor,
      difference_minor: close.differenceMinor,
      figures: JSON.stringify(close.figures),
      closed_wall_time: close.wallTime,
      closed_received_at: receivedAt,
    })
    .where('id', '=', close.shiftId)
    .where('closed_op_id', 'is', null)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    return {
      outcome: 'rejected',
      reason: 'shift_closed',
      detail: `shift ${close.shiftId} is already closed`,
    };
  }
  return { outcome: 'applied', entityId: close.shiftId };
}

async function shiftOfThisTill(trx: Kysely<Database>, scope: DeviceScope, shiftId: string) {
  const shift = await trx
    .selectFrom('shifts')
    .select(['id', 'device_id', 'closed_op_id'])
    .where('id', '=', shiftId)
    .executeTakeFirst();
  // Another till's shift reads as unknown: a till only ever moves cash in its own drawer.
  if (!shift || shift.device_id !== scope.deviceId) {
    return { outcome: 'rejected', reason: 'unknown_shift', detail: `shift ${shiftId}` } as const;
  }
  return shift;
}

async function knownCashier(
  trx: Kysely<Database>,
  scope: DeviceScope,
  cashierId: string,
): Promise<OpOutcome | null> {
  // A cashier disabled since the till went offline still counts: the work was done.
  const cashier = await trx
    .selectFrom('cashiers')
    .select('id')
    .where('id', '=', cashierId)
    .where('store_id', '=', scope.storeId)
    .executeTakeFirst();
  return cashier ? null : { outcome: 'rejected', reason: 'unknown_cashier', detail: `cashier ${cashierId}` };
}
