import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pickupConfirmSchema } from '../../../shared/domain/pickup';
import { payloadHash } from '../../../shared/sync/protocol';
import { parseUnknown } from '../../../shared/validation';
import { applyPullPage } from '../../../renderer/db/catalog';
import type { TillDb } from '../../../renderer/db/database';
import { requireMeta } from '../../../renderer/db/meta';
import { applyPushResults } from '../../../renderer/db/outbox';
import {
  allowMoreAttempts,
  attemptsLeft,
  codeAttempts,
  deskOrders,
  findPickupOrders,
  noteWrongCode,
  PICKUP_CODE_ATTEMPTS,
  PickupNotOpen,
  recordPickup,
} from '../../../renderer/db/pickups';
import { buildPickupConfirm, deskState } from '../../../renderer/pickup/handout';
import { enrolledTillDb } from './support';
import { CUSTOMER_CARD, pickupOrder } from '../pickup/support';

const page = (cursor: string, rows: unknown[]) => ({
  changes: rows.map((data) => ({ topic: 'pickup_order', id: (data as { id: string }).id, data })),
  cursor,
  hasMore: false,
});

describe('pickup orders at the desk', () => {
  let db: TillDb;
  beforeEach(async () => {
    db = await enrolledTillDb();
  });
  afterEach(() => db.delete());

  it('keeps the newest revision of an order whatever order the pages come in', async () => {
    const order = pickupOrder({ revision: 5, status: 'ready' });
    await applyPullPage(db, page('1', [order]));
    // A page fetched again after a lost answer brings the older copy back.
    await applyPullPage(db, page('2', [{ ...order, revision: 4, status: 'awaiting' }]));
    expect(await db.pickupOrders.get(order.id)).toMatchObject({ revision: 5, status: 'ready' });
    await applyPullPage(db, page('3', [{ ...order, revision: 6, status: 'collected' }]));
    expect(await db.pickupOrders.get(order.id)).toMatchObject({ revision: 6, status: 'collected' });
  });

  it('parks a row it cannot read instead of losing it, and still moves on', async () => {
    const result = await applyPullPage(db, page('1', [{ ...pickupOrder(), status: 'lost_in_transit' }]));
    expect(result).toEqual({ stored: 0, parked: 1 });
    expect(await db.parked.where('topic').equals('pickup_order').count()).toBe(1);
  });

  it('finds an order by its QR, its number as said aloud, the customer’s card and their phone', async () => {
    const order = pickupOrder();
    const issued = pickupOrder({
      orderNumber: 'WEB-20001',
      qrToken: 'q-7Kq9PzA_x3',
      customer: { maskedName: 'Ivan P.', cardNumbers: [] },
    });
    const other = pickupOrder({ orderNumber: 'WEB-10043', customer: { ...order.customer, cardNumbers: [] } });
    await applyPullPage(db, page('1', [order, other, issued]));
    const ids = async (typed: string) => {
      const found = await findPickupOrders(db, typed);
      return found.kind === 'found' ? [found.by, found.orders.map((o) => o.orderNumber)] : found.kind;
    };
    expect(await ids('OMNI-O:WEB-10042:x7Kq9PzA')).toEqual(['qr', ['WEB-10042']]);
    expect(await ids('omni-o:web-10042')).toEqual(['qr', ['WEB-10042']]);
    expect(await ids(' web-10042 ')).toEqual(['orderNumber', ['WEB-10042']]);
    // A server token with base64url's `-` and `_` is read when it is exactly the order's own.
    expect(await ids('OMNI-O:WEB-20001:q-7Kq9PzA_x3')).toEqual(['qr', ['WEB-20001']]);
    expect(await findPickupOrders(db, 'OMNI-O:WEB-20001:q-7Kq9PzA_x4')).toEqual({ kind: 'badQr' });
    expect(await ids(CUSTOMER_CARD)).toEqual(['card', ['WEB-10042']]);
    expect(await ids('8 (916) 123-45-67')).toEqual(['phone', ['WEB-10043', 'WEB-10042']]);
    expect(await findPickupOrders(db, 'OMNI-O:WEB-10042:OtherTok1')).toMatchObject({ kind: 'qrMismatch' });
    expect(await findPickupOrders(db, 'OMNI-O:WEB-10042:x7Kq-9P_zA')).toEqual({ kind: 'badQr' });
    expect(await findPickupOrders(db, '+7 999 000-00-00')).toEqual({ kind: 'none', by: 'phone' });
    expect(await findPickupOrders(db, 'WEB-99999')).toEqual({ kind: 'none', by: 'orderNumber' });
  });

  it('records a partial hand-out offline: the operation and the desk’s record in one transaction', async () => {
    const order = pickupOrder();
    await applyPullPage(db, page('1', [order]));
    const before = await requireMeta(db, 'counters');
    const payload = buildPickupConfirm({
      order,
      drafts: [
        { lineId: 'l1', handed: 1, refused: 1, reason: 'handle chipped' },
        { lineId: 'l2', handed: 1, refused: 0, reason: '' },
      ],
      verification: { method: 'code', failedAttempts: 2 },
      cardNumber: CUSTOMER_CARD,
      cashierId: null,
    });
    const handout = await recordPickup(db, payload);

    const [op] = await db.outbox.toArray();
    expect(op).toMatchObject({ seq: before.nextSeq, kind: 'pickup.confirm', schemaVersion: 1 });
    expect(op!.payloadHash).toBe(payloadHash(op!.payload));
    const sent = parseUnknown(pickupConfirmSchema, op!.payload);
    if (!sent.ok) throw new Error(sent.error);
    expect(sent.value).toMatchObject({
      orderId: order.id,
      seenRevision: 3,
      verification: { method: 'code', failedAttempts: 2 },
      cardNumber: CUSTOMER_CARD,
      lines: [
        { lineId: 'l1', handedQuantity: 1, refusedQuantity: 1, refusalReason: 'handle chipped' },
        { lineId: 'l2', handedQuantity: 1, refusedQuantity: 0, refusalReason: null },
      ],
    });
    expect((await requireMeta(db, 'counters')).nextSeq).toBe(before.nextSeq + 1);
    expect(deskState((await db.pickupOrders.get(order.id))!, handout)).toBe('pending_sync');
    // A second hand-out of the same order at this desk is refused before it is queued.
    await expect(
      recordPickup(db, { ...payload, pickupId: payload.pickupId.replace(/.$/, '0') }),
    ).rejects.toThrow(PickupNotOpen);
    expect(await db.outbox.count()).toBe(1);
  });

  it('shows the server’s answer: applied, then the pulled revision; refused, with its reason', async () => {
    const first = pickupOrder();
    const second = pickupOrder({ orderNumber: 'WEB-10050' });
    await applyPullPage(db, page('1', [first, second]));
    const verification = { method: 'id_check', note: 'passport, last 4: 1234', failedAttempts: 0 } as const;
    const everything = [
      { lineId: 'l1', handed: 2, refused: 0, reason: '' },
      { lineId: 'l2', handed: 1, refused: 0, reason: '' },
    ];
    const handOut = (order: typeof first) =>
      recordPickup(
        db,
        buildPickupConfirm({ order, drafts: everything, verification, cardNumber: null, cashierId: null }),
      );
    const a = await handOut(first);
    const b = await handOut(second);
    await applyPushResults(db, [
      { opId: a.opId, seq: a.seq, status: 'applied', outcome: { outcome: 'applied', entityId: first.id } },
      { opId: b.opId, seq: b.seq, status: 'rejected', reason: 'already_collected', quarantined: false },
    ]);
    const handouts = await db.pickupHandouts.orderBy('seq').toArray();
    expect(handouts.map((h) => [h.state, h.reason])).toEqual([
      ['applied', null],
      ['rejected', 'already_collected'],
    ]);
    // Until the pull brings the server's new revision, the desk keeps showing its own hand-out.
    expect(deskState((await db.pickupOrders.get(first.id))!, handouts[0])).toBe('pending_sync');
    expect(deskState((await db.pickupOrders.get(second.id))!, handouts[1])).toBe('rejected_here');
    await applyPullPage(db, page('2', [{ ...first, revision: 4, status: 'collected' }]));
    expect(deskState((await db.pickupOrders.get(first.id))!, handouts[0])).toBe('collected');
    // The other desk's hand-out arrives in the same sync as the refusal: the refusal stays in view.
    await applyPullPage(db, page('3', [{ ...second, revision: 4, status: 'collected' }]));
    expect(deskState((await db.pickupOrders.get(second.id))!, handouts[1])).toBe('rejected_here');
    expect((await deskOrders(db)).map((o) => o.orderNumber)).toEqual(['WEB-10042', 'WEB-10050']);
  });

  it('counts wrong codes per order across reloads, and a manager’s approval gives a fresh set', async () => {
    const order = pickupOrder();
    for (let i = 0; i < PICKUP_CODE_ATTEMPTS; i++) await noteWrongCode(db, order.id);
    expect(attemptsLeft(await codeAttempts(db, order.id))).toBe(0);
    await allowMoreAttempts(db, order.id);
    const after = await noteWrongCode(db, order.id);
    expect(after.failures).toBe(PICKUP_CODE_ATTEMPTS + 1);
    expect(attemptsLeft(after)).toBe(PICKUP_CODE_ATTEMPTS - 1);
  });
});
