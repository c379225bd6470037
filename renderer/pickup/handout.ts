import type { PickupConfirm, PickupLineRow, PickupStatus } from '../../shared/domain/pickup';
import { HANDOUT_OPEN_STATES } from '../../shared/domain/pickup';
import { uuidv7 } from '../../shared/domain/uuidv7';
import type { PickupHandoutRecord, PickupOrderRecord } from '../db/database';

/** One line as the clerk sets it: how many go to the customer, how many are refused and why. */
export type HandoutLineDraft = { lineId: string; handed: number; refused: number; reason: string };

/** What is still to hand out on a line (the server may already have recorded part of it). */
export const lineLeft = (line: PickupLineRow): number => Math.max(0, line.quantity - line.collectedQuantity);

/** Everything still on the order goes to the customer, which is what almost every pickup is. */
export function handOutAll(order: PickupOrderRecord): HandoutLineDraft[] {
  return order.lines
    .filter((line) => lineLeft(line) > 0)
    .map((line) => ({ lineId: line.lineId, handed: lineLeft(line), refused: 0, reason: '' }));
}

export type HandoutProblem = 'pickup.err.lineCount' | 'pickup.err.reason' | 'pickup.err.nothing';

/** What is wrong with the drafted lines, per line id (`''` for the whole hand-out), or nothing. */
export function handoutProblems(
  order: PickupOrderRecord,
  drafts: readonly HandoutLineDraft[],
): Map<string, HandoutProblem> {
  const problems = new Map<string, HandoutProblem>();
  for (const draft of drafts) {
    const line = order.lines.find((l) => l.lineId === draft.lineId);
    const counts = [draft.handed, draft.refused];
    if (
      line === undefined ||
      counts.some((n) => !Number.isInteger(n) || n < 0) ||
      draft.handed + draft.refused !== lineLeft(line)
    )
      problems.set(draft.lineId, 'pickup.err.lineCount');
    else if (draft.refused > 0 && draft.reason.trim() === '') problems.set(draft.lineId, 'pickup.err.reason');
  }
  if (drafts.length === 0) problems.set('', 'pickup.err.nothing');
  return problems;
}

/** What the customer pays at the till for the goods they take (pay-at-pickup orders only). */
export function amountDue(order: PickupOrderRecord, drafts: readonly HandoutLineDraft[]): number {
  if (order.payment === 'paid') return 0;
  let due = 0;
  for (const draft of drafts) {
    const line = order.lines.find((l) => l.lineId === draft.lineId);
    if (line === undefined || draft.handed === 0) continue;
    // The shop's line total carries its discounts; a part of a line is priced by the unit.
    due += draft.handed === line.quantity ? line.totalMinor : draft.handed * line.unitPriceMinor;
  }
  return due;
}

export type Verification = PickupConfirm['verification'];

/** The `pickup.confirm` payload for a checked hand-out. */
export function buildPickupConfirm(input: {
  order: PickupOrderRecord;
  drafts: readonly HandoutLineDraft[];
  verification: Verification;
  cardNumber: string | null;
  cashierId: string | null;
  now?: Date;
}): PickupConfirm {
  return {
    pickupId: uuidv7(),
    orderId: input.order.id,
    seenRevision: input.order.revision,
    verification: input.verification,
    lines: input.drafts.map((d) => ({
      lineId: d.lineId,
      handedQuantity: d.handed,
      refusedQuantity: d.refused,
      refusalReason: d.refused > 0 ? d.reason.trim() : null,
    })),
    cardNumber: input.cardNumber,
    cashierId: input.cashierId,
    wallTime: (input.now ?? new Date()).toISOString(),
  };
}

/** What the desk shows for an order: the server's state, or this desk's hand-out over it. */
export type DeskState = PickupStatus | 'pending_sync' | 'rejected_here';

/**
 * This desk's hand-out stands over the pulled order until the server sends a newer revision:
 * pending while queued (or applied but not yet pulled). A refused one stays in view whatever the
 * server sent since, because the refusal and the other desk's hand-out that caused it arrive in
 * the same sync; it gives way only to a later hand-out at this desk.
 */
export function deskState(order: PickupOrderRecord, handout: PickupHandoutRecord | undefined): DeskState {
  if (handout === undefined) return order.status;
  if (handout.state === 'rejected') return 'rejected_here';
  return order.revision > handout.payload.seenRevision ? order.status : 'pending_sync';
}

/** Ready, but its hold period is over by the desk's clock: the goods go back to the shelf. */
export function pastHold(order: PickupOrderRecord, now = new Date()): boolean {
  return (
    HANDOUT_OPEN_STATES.includes(order.status) &&
    order.holdUntil !== null &&
    Date.parse(order.holdUntil) < now.getTime()
  );
}

/** The desk may hand the order out: it is open on the server and not waiting on this desk's last. */
export function canHandOut(order: PickupOrderRecord, handout: PickupHandoutRecord | undefined): boolean {
  return deskState(order, handout) !== 'pending_sync' && HANDOUT_OPEN_STATES.includes(order.status);
}
