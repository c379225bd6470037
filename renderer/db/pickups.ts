import { parseOrderQr } from '../../shared/barcode/serverCodes';
import { normalizePhone } from '../../shared/domain/identifiers';
import { HANDOUT_OPEN_STATES, pickupConfirmSchema, type PickupConfirm } from '../../shared/domain/pickup';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { operationKinds } from '../../shared/sync/operations';
import { payloadHash, phoneLookupKey } from '../../shared/sync/protocol';
import { parseUnknown } from '../../shared/validation';
import type { PickupAttemptsRecord, PickupHandoutRecord, PickupOrderRecord, TillDb } from './database';
import { requireMeta, setMeta } from './meta';

/** Wrong pickup codes a desk accepts for one order before an ID check or a manager is needed. */
export const PICKUP_CODE_ATTEMPTS = 5;

/**
 * Stores a pulled order unless this desk already holds a newer revision of it: pages arrive in
 * change-log order, but a page fetched again after a lost answer must not take an order back.
 */
export async function storePickupOrder(db: TillDb, order: PickupOrderRecord): Promise<void> {
  const held = await db.pickupOrders.get(order.id);
  if (held !== undefined && held.revision > order.revision) return;
  await db.pickupOrders.put(order);
}

/** How the desk found the orders, for the words it shows. */
export type PickupFoundBy = 'qr' | 'orderNumber' | 'card' | 'phone';

export type PickupSearch =
  | { kind: 'found'; by: PickupFoundBy; orders: PickupOrderRecord[]; card: string | null }
  | { kind: 'badQr' }
  /** The QR names the order but carries another token: an old or copied QR. */
  | { kind: 'qrMismatch'; order: PickupOrderRecord }
  | { kind: 'none'; by: PickupFoundBy | null };

/**
 * Finds orders by what the clerk typed or scanned: the order QR (`OMNI-O:`), the order number as
 * the customer says it (`web-10042`, `#1001`), a loyalty card number, or a phone number typed any
 * usual way (normalized and looked up by its key: the desk never holds the number itself).
 */
export async function findPickupOrders(db: TillDb, typed: string): Promise<PickupSearch> {
  const text = typed.trim();
  if (text === '') return { kind: 'none', by: null };
  const qr = parseOrderQr(text);
  if (qr.ok) return findByQr(db, qr.orderNumber, qr.pickupToken ?? null);
  if (qr.reason === 'bad_order_qr') return findByIssuedQr(db, text);

  const byNumber = await findByOrderNumber(db, text);
  if (byNumber.length > 0) return { kind: 'found', by: 'orderNumber', orders: byNumber, card: null };
  const byCard = await findByCard(db, text);
  if (byCard.length > 0) return { kind: 'found', by: 'card', orders: byCard, card: text };
  // A card number is digits too; only a text with a phone's shape is read as a phone.
  const e164 = /^[+\d\s()-]{7,24}$/.test(text) ? normalizePhone(text) : null;
  if (e164 !== null) {
    const orders = await db.pickupOrders.where('customer.phoneKey').equals(phoneLookupKey(e164)).toArray();
    if (orders.length > 0) return { kind: 'found', by: 'phone', orders: newestFirst(orders), card: null };
    return { kind: 'none', by: 'phone' };
  }
  return { kind: 'none', by: /^\d+$/.test(text) ? 'card' : 'orderNumber' };
}

/** The order of a scanned QR; a token that is not the order's own finds nothing to hand out. */
export async function findByQr(db: TillDb, orderNumber: string, token: string | null): Promise<PickupSearch> {
  const order = (await findByOrderNumber(db, orderNumber))[0];
  if (order === undefined) return { kind: 'none', by: 'qr' };
  if (token !== null && order.qrToken !== null && !sameText(token, order.qrToken))
    return { kind: 'qrMismatch', order };
  return { kind: 'found', by: 'qr', orders: [order], card: null };
}

/**
 * A QR the order grammar refuses may still be one the server issued with a token outside the
 * grammar's letters and digits (base64url has `-` and `_`): it is read only when its token is the
 * order's own, exactly, so nothing that merely looks like an order QR finds an order.
 */
async function findByIssuedQr(db: TillDb, text: string): Promise<PickupSearch> {
  const [, orderNumber = '', token, ...rest] = text.split(':');
  if (token === undefined || rest.length > 0) return { kind: 'badQr' };
  const order = (await findByOrderNumber(db, orderNumber))[0];
  if (order === undefined || order.qrToken === null || !sameText(token, order.qrToken))
    return { kind: 'badQr' };
  return { kind: 'found', by: 'qr', orders: [order], card: null };
}

/** Orders of a scanned loyalty card, the open ones first. */
export async function findByCard(db: TillDb, number: string): Promise<PickupOrderRecord[]> {
  return newestFirst(await db.pickupOrders.where('customer.cardNumbers').equals(number).toArray());
}

async function findByOrderNumber(db: TillDb, typed: string): Promise<PickupOrderRecord[]> {
  const spoken = typed.toUpperCase();
  const spellings = [...new Set([typed, spoken, spoken.replace(/^#/, ''), `#${spoken.replace(/^#/, '')}`])];
  return db.pickupOrders.where('orderNumber').anyOf(spellings).toArray();
}

/** Open orders before closed ones; within each, by order number (never by a desk's clock). */
function newestFirst(orders: PickupOrderRecord[]): PickupOrderRecord[] {
  const open = (o: PickupOrderRecord) => (HANDOUT_OPEN_STATES.includes(o.status) ? 0 : 1);
  return [...orders].sort((a, b) => open(a) - open(b) || b.orderNumber.localeCompare(a.orderNumber));
}

/** Tokens are compared whole, without an early exit: they stand in for the customer's phone. */
function sameText(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * The desk's list: every order still to hand out, the ones past their hold period (back to the
 * shelf), and the orders this desk handed out whose outcome it still shows.
 */
export async function deskOrders(db: TillDb): Promise<PickupOrderRecord[]> {
  const open = await db.pickupOrders
    .where('status')
    .anyOf([...HANDOUT_OPEN_STATES, 'expired'])
    .toArray();
  const handedHere = await db.pickupHandouts.toArray();
  const missing = handedHere.map((h) => h.orderId).filter((id) => !open.some((o) => o.id === id));
  const others = (await db.pickupOrders.bulkGet([...new Set(missing)])).filter(
    (o): o is PickupOrderRecord => o !== undefined,
  );
  return [...open, ...others].sort((a, b) => a.orderNumber.localeCompare(b.orderNumber));
}

/** The latest hand-out this desk recorded for each order. */
export async function handoutsByOrder(db: TillDb): Promise<Map<string, PickupHandoutRecord>> {
  const rows = await db.pickupHandouts.orderBy('seq').toArray();
  return new Map(rows.map((h) => [h.orderId, h]));
}

export function latestHandout(db: TillDb, orderId: string): Promise<PickupHandoutRecord | undefined> {
  return db.pickupHandouts
    .where('orderId')
    .equals(orderId)
    .sortBy('seq')
    .then((rows) => rows.at(-1));
}

export async function codeAttempts(db: TillDb, orderId: string): Promise<PickupAttemptsRecord> {
  return (await db.pickupAttempts.get(orderId)) ?? { orderId, failures: 0, allowance: PICKUP_CODE_ATTEMPTS };
}

/** Counts one wrong code for the order; returns the new count. Kept across reloads of the app. */
export async function noteWrongCode(db: TillDb, orderId: string): Promise<PickupAttemptsRecord> {
  return db.transaction('rw', db.pickupAttempts, async () => {
    const before = await codeAttempts(db, orderId);
    const after = { ...before, failures: before.failures + 1 };
    await db.pickupAttempts.put(after);
    return after;
  });
}

/** A manager approved more tries: another full set of attempts, the wrong ones still counted. */
export async function allowMoreAttempts(db: TillDb, orderId: string): Promise<PickupAttemptsRecord> {
  return db.transaction('rw', db.pickupAttempts, async () => {
    const before = await codeAttempts(db, orderId);
    const after = { ...before, allowance: before.failures + PICKUP_CODE_ATTEMPTS };
    await db.pickupAttempts.put(after);
    return after;
  });
}

export function attemptsLeft(attempts: PickupAttemptsRecord): number {
  return Math.max(0, attempts.allowance - attempts.failures);
}

/** The hand-out could not be recorded: the order is not open here any more, or is being synced. */
export class PickupNotOpen extends Error {}

/**
 * Records a hand-out offline: the `pickup.confirm` operation and the desk's own record of it are
 * written in ONE transaction with the next seq, so the desk shows the order as handed out at once
 * and the server learns of it with the next push. The payload passes the shared schema first,
 * as it will on the server.
 */
export async function recordPickup(db: TillDb, draft: PickupConfirm): Promise<PickupHandoutRecord> {
  const checked = parseUnknown(pickupConfirmSchema, draft);
  if (!checked.ok) throw new Error(`pickup does not match its schema:\n${checked.error}`);
  const payload = checked.value;
  return db.transaction(
    'rw',
    [db.meta, db.outbox, db.pickupOrders, db.pickupHandouts, db.pickupAttempts],
    async () => {
      const order = await db.pickupOrders.get(payload.orderId);
      if (order === undefined || !HANDOUT_OPEN_STATES.includes(order.status))
        throw new PickupNotOpen(payload.orderId);
      const earlier = await db.pickupHandouts.where('orderId').equals(order.id).toArray();
      // One hand-out per order at a time: a second would only be refused as already collected.
      if (
        earlier.some(
          (h) => h.state === 'pending' || (h.state === 'applied' && h.payload.seenRevision >= order.revision),
        )
      )
        throw new PickupNotOpen(payload.orderId);
      const counters = await requireMeta(db, 'counters');
      const seq = counters.nextSeq;
      const opId = uuidv7();
      await db.outbox.add({
        seq,
        opId,
        kind: 'pickup.confirm',
        schemaVersion: operationKinds['pickup.confirm'].currentVersion,
        payload,
        payloadHash: payloadHash(payload),
        wallTime: payload.wallTime,
        attempts: 0,
        lastError: null,
      });
      const handout: PickupHandoutRecord = {
        pickupId: payload.pickupId,
        orderId: order.id,
        orderNumber: order.orderNumber,
        seq,
        opId,
        payload,
        state: 'pending',
        reason: null,
        detail: null,
      };
      await db.pickupHandouts.add(handout);
      await db.pickupAttempts.delete(order.id);
      await setMeta(db, 'counters', { ...counters, nextSeq: seq + 1 });
      return handout;
    },
  );
}

/** Called inside the push-answer transaction: the hand-out queued as `seq` was applied or refused. */
export async function markHandout(
  db: TillDb,
  seq: number,
  outcome: { state: 'applied' } | { state: 'rejected'; reason: string; detail: string | null },
): Promise<void> {
  await db.pickupHandouts
    .where('seq')
    .equals(seq)
    .modify(
      outcome.state === 'applied'
        ? { state: 'applied', reason: null, detail: null }
        : { state: 'rejected', reason: outcome.reason, detail: outcome.detail },
    );
}
