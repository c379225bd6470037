import {
  returnableOf,
  returnFigures,
  saleReturnSchema,
  sumReturned,
  type ReturnLine,
  type SaleReturn,
} from '../../shared/domain/saleReturn';
import { parseLinkCode } from '../../shared/barcode/serverCodes';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { operationKinds } from '../../shared/sync/operations';
import { payloadHash } from '../../shared/sync/protocol';
import { parseUnknown } from '../../shared/validation';
import type { ReturnRecord, SaleRecord, TillDb } from './database';
import { requireMeta, setMeta } from './meta';
import { withSyncStates, type SaleView } from './saleSync';

export type SyncState = 'pending' | 'synced' | 'rejected';

/** What of each line of a sale can still be returned, after this till's earlier returns. */
export async function returnableLeft(db: TillDb, sale: SaleRecord): Promise<Map<number, number>> {
  const returned = sumReturned(await db.returns.where('saleId').equals(sale.saleId).toArray());
  return new Map(sale.lines.map((l) => [l.lineNo, l.quantityMilli - (returned.get(l.lineNo) ?? 0)]));
}

export type ReturnDraft = {
  sale: SaleRecord;
  lines: ReturnLine[];
  reason: string;
  /** The signed-in cashier's open shift, whose X and Z reports count the refund. */
  shift?: { cashierId: string; shiftId: string };
  /** The manager whose PIN approved the refund, in stores with cashiers. */
  approvedBy?: string;
};

export type RecordedReturn = { ok: true; record: ReturnRecord } | { ok: false; error: string };

/**
 * Records a refund, offline like a sale: the return and its `return.record` operation are written in
 * one transaction with the next seq. The refund is computed with the same shared arithmetic the
 * server checks, so the money handed back is what the server will accept. A return of a return
 * cannot be made here (returns are not in the sales list); the server refuses one all the same.
 */
export async function recordReturn(
  db: TillDb,
  draft: ReturnDraft,
  now = new Date(),
): Promise<RecordedReturn> {
  return db.transaction('rw', [db.meta, db.returns, db.outbox], async () => {
    const before = sumReturned(await db.returns.where('saleId').equals(draft.sale.saleId).toArray());
    const lines = draft.lines.filter((l) => l.quantityMilli > 0);
    const figures = returnFigures(returnableOf(draft.sale), before, lines);
    if (!figures.ok) return { ok: false, error: `${figures.reason}: line ${figures.lineNo}` };
    const checked = parseUnknown(saleReturnSchema, {
      returnId: uuidv7(),
      saleId: draft.sale.saleId,
      lines,
      refunds: [{ method: 'cash', amountMinor: figures.refundMinor }],
      refundMinor: figures.refundMinor,
      reason: draft.reason,
      ...(draft.shift ?? {}),
      ...(draft.approvedBy ? { approvedBy: draft.approvedBy } : {}),
      wallTime: now.toISOString(),
    } satisfies SaleReturn);
    if (!checked.ok) return { ok: false, error: checked.error };
    const counters = await requireMeta(db, 'counters');
    const seq = counters.nextSeq;
    const opId = uuidv7();
    const record: ReturnRecord = { ...checked.value, seq, opId };
    await db.returns.add(record);
    await db.outbox.add({
      seq,
      opId,
      kind: 'return.record',
      schemaVersion: operationKinds['return.record'].currentVersion,
      payload: checked.value,
      payloadHash: payloadHash(checked.value),
      wallTime: checked.value.wallTime,
      attempts: 0,
      lastError: null,
    });
    await setMeta(db, 'counters', { ...counters, nextSeq: seq + 1 });
    return { ok: true, record };
  });
}

/** A return's sync state, read from where its operation is now. */
export async function returnSyncState(db: TillDb, record: ReturnRecord): Promise<SyncState> {
  if ((await db.rejected.get(record.seq))?.opId === record.opId) return 'rejected';
  if ((await db.outbox.get(record.seq))?.opId === record.opId) return 'pending';
  return 'synced';
}

/**
 * Sales made on this till on the calendar day of `now` (by the till's clock, which is what
 * "today's sales" means to a cashier), newest first by seq, never by clock.
 */
export async function todaysSales(db: TillDb, now = new Date()): Promise<SaleView[]> {
  const day = now.toDateString();
  const all = await db.sales.orderBy('seq').reverse().toArray();
  return withSyncStates(
    db,
    all.filter((s) => new Date(s.wallTime).toDateString() === day),
  );
}

/** A sale found by what the cashier typed or scanned: its receipt number or its receipt's link code. */
export async function findSale(db: TillDb, text: string): Promise<SaleRecord | undefined> {
  const query = text.trim();
  if (query === '') return undefined;
  const link = parseLinkCode(query);
  if (link.ok) return db.sales.where('linkCode').equals(link.code).first();
  return (
    (await db.sales.where('receiptNo').equals(query).first()) ??
    // The running number alone, as printed large on the receipt.
    (await db.sales.filter((s) => s.receiptNo.endsWith(`-${query.padStart(6, '0')}`)).first())
  );
}
