import type { OpResult, OutboxOp } from '../../shared/sync/protocol';
import type { HistoryRecord, RejectedRecord, TillDb } from './database';
import { historyOf, historyRows } from './history';
import { getMeta, setMeta } from './meta';
import { withPayloads, type WholeOutboxRecord } from './outboxPayloads';
import { markHandout } from './pickups';

/**
 * An operation still at the head of the queue after this many answers of `retry` or `gap` is shown
 * as stuck. Operations that fail on the server itself are set aside there after a few attempts and
 * come back `rejected`; what stays stuck is the server's own trouble (contention, a database that
 * is down) or a stream out of step, which the cashier should report.
 */
export const STUCK_AFTER_ATTEMPTS = 20;

/** How many operations the status bar looks at for stuck ones (only the head collects attempts). */
export const PUSH_BATCH = 200;

/**
 * The queued operations after `afterSeq`, in seq order: at most `maxOps`, and no more than
 * `maxBytes` of JSON unless the first alone is larger (it still goes, alone). Reads by the
 * primary key, and the sales' payloads by one range of their seq index (`withPayloads`), in one
 * readonly transaction, so it costs the same with 100,000 queued as with ten.
 */
export async function pendingAfter(
  db: TillDb,
  afterSeq: number,
  maxOps: number,
  maxBytes: number,
): Promise<OutboxOp[]> {
  // One transaction for the records and their sales: IndexedDB cannot queue the sales' read
  // behind a store that began after the records were read (the drain reads while it stores).
  const rows = await db.transaction('r', [db.outbox, db.sales], async () => {
    const queued = await db.outbox.where('seq').above(afterSeq).limit(maxOps).toArray();
    return withPayloads(db, queued, 'checkedByServer');
  });
  const encoder = new TextEncoder();
  const ops: OutboxOp[] = [];
  let bytes = 0;
  for (const { seq, opId, kind, schemaVersion, payload, payloadHash, wallTime } of rows) {
    const op = { seq, opId, kind, schemaVersion, payload, payloadHash, wallTime };
    bytes += encoder.encode(JSON.stringify(op)).length;
    if (ops.length > 0 && bytes > maxBytes) break;
    ops.push(op);
  }
  return ops;
}

/** The first `limit` queued operations, in seq order. */
export function pendingBatch(db: TillDb, limit: number): Promise<OutboxOp[]> {
  return pendingAfter(db, 0, limit, Number.POSITIVE_INFINITY);
}

/**
 * How many operations are queued. The outbox is always one unbroken run of seqs (operations
 * leave it from the head, in order, and a resend puts a run back in front of it), so the count is
 * the distance between its first and last keys: two index reads instead of a count that walks
 * every row, which a live query would repeat on each sale.
 */
export async function pendingCount(db: TillDb): Promise<number> {
  const first = await db.outbox.orderBy('seq').first();
  if (first === undefined) return 0;
  const last = (await db.outbox.orderBy('seq').last())!;
  return last.seq - first.seq + 1;
}

export type AckSummary = {
  acked: number;
  /** Of the acked, the sales (the status line counts sales apart from other operations). */
  ackedSales: number;
  rejected: number;
  /** Of the rejected, those the server set aside (quarantined) with their payload. */
  quarantined: number;
  retry: number;
  gap: number;
  /** Why the first operation the server did not take was held back (later ones only follow it). */
  retryReason: string | null;
  /** The seq the server expects next, when it answered `gap`. */
  expectedSeq: number | null;
  /** The highest seq this answer took out of the queue (recorded or rejected); null: none. */
  ackedThroughSeq: number | null;
};

/**
 * Applies the server's per-operation answers in one transaction. Recorded operations leave the
 * outbox for the history, in that same transaction, so each is always in one of the two and can
 * be sent again if the server loses it (docs/sync-protocol.md §5.2); rejected ones also go to the
 * attention list with their reason (never silently dropped); retries stay with their attempt count.
 * The sales themselves are not touched: a sale's sync state is where its operation is.
 * A batch is a run of consecutive seqs, so the transaction reads the batch's outbox keys and
 * earlier rejections as key ranges, then sends every write at once without waiting for
 * one before the next (§15): a batch of 500 answers costs a few round trips to IndexedDB, not one
 * per row. `db` may be the relaxed-durability handle (`openAckHandle`): an answer lost to a crash
 * only means the operations are sent again and answered `duplicate` (§15).
 */
export async function applyPushResults(
  db: TillDb,
  results: OpResult[],
  at = new Date(),
  sent?: SentBatch,
): Promise<AckSummary> {
  const summary: AckSummary = {
    acked: 0,
    ackedSales: 0,
    rejected: 0,
    quarantined: 0,
    retry: 0,
    gap: 0,
    retryReason: null,
    expectedSeq: null,
    ackedThroughSeq: null,
  };
  if (results.length === 0) return summary;
  const tables = [db.outbox, db.history, db.rejected, db.sales, db.meta, db.pickupHandouts];
  await db.transaction('rw', tables, async () => {
    const seqs = results.map((r) => r.seq);
    const low = Math.min(...seqs);
    const high = Math.max(...seqs);
    const [held, earlier, saleSeqs, last] = await Promise.all([
      sent !== undefined && results.every(isRecorded)
        ? sentRowsStillHeld(db, sent, low, high)
        : rowsBySeq(db, seqs, low, high),
      db.rejected.where('seq').between(low, high, true, true).toArray(),
      // Keys only: which of the batch's seqs have a sale row, that the history need not copy.
      db.sales.where('seq').between(low, high, true, true).keys(),
      getMeta(db, 'lastSync'),
    ]);
    const withSaleRow = new Set(saleSeqs);
    const leaving: number[] = [];
    const history: HistoryRecord[] = [];
    const rejected: RejectedRecord[] = [];
    const handouts: { seq: number; outcome: Parameters<typeof markHandout>[2] }[] = [];
    const writes: Promise<unknown>[] = [];
    for (const result of results) {
      const op = held.get(result.seq);
      if (!op || op.opId !== result.opId) continue; // already handled by an earlier answer
      const rejection = rejectionOf(result);
      if (result.status === 'applied' || (result.status === 'duplicate' && !rejection)) {
        leaving.push(op.seq);
        history.push(historyOf(op, 'applied', at, withSaleRow.has(op.seq)));
        if (op.kind === 'pickup.confirm') handouts.push({ seq: op.seq, outcome: { state: 'applied' } });
        summary.acked++;
        if (op.kind === 'sale.record') summary.ackedSales++;
      } else if (rejection) {
        rejected.push({ ...op, ...rejection, rejectedAt: at.toISOString() });
        leaving.push(op.seq);
        history.push(historyOf(op, 'rejected', at, withSaleRow.has(op.seq)));
        if (op.kind === 'pickup.confirm') {
          const { reason, detail } = rejection;
          handouts.push({ seq: op.seq, outcome: { state: 'rejected', reason, detail } });
        }
        summary.rejected++;
        if (rejection.quarantined) summary.quarantined++;
      } else if (result.status === 'gap') {
        const lastError = `server expects seq ${result.expectedSeq}`;
        writes.push(db.outbox.update(op.seq, { attempts: op.attempts + 1, lastError }));
        summary.gap++;
        summary.expectedSeq ??= result.expectedSeq;
      } else if (result.status === 'retry') {
        writes.push(db.outbox.update(op.seq, { attempts: op.attempts + 1, lastError: result.reason }));
        summary.retry++;
        summary.retryReason ??= result.reason;
      }
    }
    if (leaving.length > 0) {
      // Sent again after a restore, an operation rejected the first time may now be applied.
      const appliedOpIds = new Map(
        history.filter((h) => h.outcome === 'applied').map((h) => [h.seq, h.opId]),
      );
      const stale = earlier.filter((r) => appliedOpIds.get(r.seq) === r.opId).map((r) => r.seq);
      if (stale.length > 0) writes.push(db.rejected.bulkDelete(stale));
      if (rejected.length > 0) writes.push(db.rejected.bulkPut(rejected));
      writes.push(deleteSeqs(db, leaving));
      // One row for the batch, not one per operation: the drain's largest write (§15).
      writes.push(db.history.bulkPut(historyRows(history)));
      summary.ackedThroughSeq = Math.max(...leaving);
    }
    // A desk's hand-outs show the server's answer; few per batch, so one by one.
    for (const h of handouts) writes.push(markHandout(db, h.seq, h.outcome));
    const lastSync = last ?? { pushAt: null, pullAt: null };
    writes.push(setMeta(db, 'lastSync', { ...lastSync, pushAt: at.toISOString() }));
    await Promise.all(writes);
  });
  return summary;
}

/** The operations of a push as the drain read them from the outbox, and the install they belong to. */
export type SentBatch = { installId: string; ops: readonly OutboxOp[] };

const isRecorded = (result: OpResult) => result.status !== 'retry' && result.status !== 'gap';

/**
 * The sent operations still in the outbox, without reading them again: within one install a seq
 * always holds the same operation (the seq is taken once, and a resend puts back the very same
 * operation), so the keys still present are enough, once the install is checked to be the one the
 * batch was read from. Used only when every answer is recorded: those rows need no attempt count.
 */
async function sentRowsStillHeld(
  db: TillDb,
  sent: SentBatch,
  low: number,
  high: number,
): Promise<Map<number, WholeOutboxRecord>> {
  const [install, present] = await Promise.all([
    getMeta(db, 'install'),
    db.outbox.where('seq').between(low, high, true, true).primaryKeys(),
  ]);
  if (install?.installId !== sent.installId) return new Map();
  const still = new Set(present);
  return new Map(
    sent.ops
      .filter((op) => still.has(op.seq))
      .map((op) => [op.seq, { ...op, payload: op.payload, attempts: 0, lastError: null }] as const),
  );
}

/**
 * The outbox rows of a batch by seq, with their payloads (a rejected one keeps its payload): one
 * range read when the seqs are consecutive (a batch always is), one read per seq otherwise.
 */
async function rowsBySeq(
  db: TillDb,
  seqs: readonly number[],
  low: number,
  high: number,
): Promise<Map<number, WholeOutboxRecord>> {
  const rows =
    high - low + 1 === seqs.length
      ? await db.outbox.where('seq').between(low, high, true, true).toArray()
      : (await db.outbox.bulkGet([...seqs])).filter((row) => row !== undefined);
  return new Map((await withPayloads(db, rows)).map((row) => [row.seq, row]));
}

/** Removes recorded operations from the outbox: one range delete when they are a consecutive run. */
function deleteSeqs(db: TillDb, seqs: readonly number[]): Promise<unknown> {
  const low = Math.min(...seqs);
  const high = Math.max(...seqs);
  if (high - low + 1 !== seqs.length) return db.outbox.bulkDelete([...seqs]);
  return db.outbox.where('seq').between(low, high, true, true).delete();
}

function rejectionOf(
  result: OpResult,
): { reason: string; detail: string | null; quarantined: boolean } | null {
  if (result.status === 'rejected') {
    return { reason: result.reason, detail: result.detail ?? null, quarantined: result.quarantined };
  }
  if (result.status === 'duplicate' && result.outcome.outcome === 'rejected') {
    const { reason, detail, quarantined } = result.outcome;
    return { reason, detail: detail ?? null, quarantined: quarantined ?? false };
  }
  return null;
}
