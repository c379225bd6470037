import type { HistoryRecord, HistoryRow, TillDb } from './database';
import { payloadHash } from '../../shared/sync/protocol';
import { requireMeta } from './meta';
import type { WholeOutboxRecord } from './outboxPayloads';

/**
 * How long the till keeps what the server has recorded, so a server restored from a backup can
 * have it again (docs/sync-protocol.md §5.2).
 *
 * - 30 days covers a restore from any of the last four weekly or thirty nightly backups, which is
 *   as far back as an operator would roll a chain's sales (docs/operations.md §7).
 * - At least the last 10,000 whatever their age: a till that sells little, or whose clock jumped
 *   ahead, still holds its recent past.
 * - At most 50,000: a sale's record is a few hundred bytes (its payload is its sale row), and other
 *   operations are small, so the history stays a small share of the quota Chromium gives an
 *   origin on a till's disk, even for the busiest till.
 *
 * Records go oldest first, by seq, so what is kept is always one unbroken run up to the newest.
 */
export const HISTORY_BOUNDS = { keepDays: 30, keepAtLeast: 10_000, keepAtMost: 50_000 };
export type HistoryBounds = typeof HISTORY_BOUNDS;

const PRUNE_BATCH = 500;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The record kept once the server has recorded `op`: the operation as sent, and its outcome. A sale
 * whose row is in `sales` (`saleRowHeld`) is kept without its payload, which is that row: the
 * record is then a few small fields, not a second copy of the sale (docs/sync-protocol.md §15).
 */
export function historyOf(
  op: WholeOutboxRecord,
  outcome: HistoryRecord['outcome'],
  at: Date,
  saleRowHeld = false,
): HistoryRecord {
  const { seq, opId, kind, schemaVersion, payload, payloadHash, wallTime } = op;
  const record: HistoryRecord = {
    seq,
    opId,
    kind,
    schemaVersion,
    payloadHash,
    wallTime,
    outcome,
    ackedAt: at.toISOString(),
  };
  if (!(saleRowHeld && kind === 'sale.record')) record.payload = payload;
  return record;
}

const recordsOf = (row: HistoryRow): HistoryRecord[] => ('records' in row ? row.records : [row]);
const lastSeqOf = (row: HistoryRow): number => ('records' in row ? row.through : row.seq);

/**
 * The rows that keep these records: each unbroken run of seqs in one row (a record alone as
 * itself), so rows never overlap. An answered batch is one run, hence one row.
 */
export function historyRows(records: readonly HistoryRecord[]): HistoryRow[] {
  const sorted = [...records].sort((a, b) => a.seq - b.seq);
  const runs: HistoryRecord[][] = [];
  for (const record of sorted) {
    const run = runs.at(-1);
    if (run !== undefined && run.at(-1)!.seq + 1 === record.seq) run.push(record);
    else runs.push([record]);
  }
  return runs.map((run) =>
    run.length === 1 ? run[0]! : { seq: run[0]!.seq, through: run.at(-1)!.seq, records: run },
  );
}

/**
 * The rows holding a record of a seq from `from` up to `to` (not included): those that begin in
 * that range, and the one before it if it reaches into it.
 */
async function rowsOver(db: TillDb, from: number, to: number): Promise<HistoryRow[]> {
  const [before, within] = await Promise.all([
    db.history.where('seq').below(from).last(),
    db.history.where('seq').between(from, to, true, false).toArray(),
  ]);
  return before !== undefined && lastSeqOf(before) >= from ? [before, ...within] : within;
}

/** The records kept for the seqs from `from` up to `to` (not included), in seq order. */
export async function heldRecords(
  db: TillDb,
  from = 0,
  to = Number.POSITIVE_INFINITY,
): Promise<HistoryRecord[]> {
  const rows = await rowsOver(db, from, to);
  return rows.flatMap(recordsOf).filter((record) => record.seq >= from && record.seq < to);
}

/** Takes the records of seqs `from` up to `to` (not included) out; a row's other records stay. */
async function dropRecords(db: TillDb, from: number, to: number): Promise<void> {
  const rows = await rowsOver(db, from, to);
  const staying = rows.flatMap(recordsOf).filter((record) => record.seq < from || record.seq >= to);
  await db.history.bulkDelete(rows.map((row) => row.seq));
  await db.history.bulkPut(historyRows(staying));
}

/**
 * The operations of history records as they were sent. A record without its payload takes it from
 * its sale row, checked against the record's opId and hash; null if any cannot be rebuilt so.
 */
async function sentOperations(
  db: TillDb,
  held: readonly HistoryRecord[],
  from: number,
  to: number,
): Promise<WholeOutboxRecord[] | null> {
  const slim = held.some((record) => !('payload' in record));
  const sales = slim ? await db.sales.where('seq').between(from, to, true, false).toArray() : [];
  const saleOf = new Map(sales.map((sale) => [sale.seq, sale]));
  const ops: WholeOutboxRecord[] = [];
  for (const { outcome: _o, ackedAt: _a, ...record } of held) {
    let payload = record.payload;
    if (!('payload' in record)) {
      const row = saleOf.get(record.seq);
      if (row === undefined || row.opId !== record.opId) return null;
      const { seq: _s, opId: _i, ...sale } = row;
      if (payloadHash(sale) !== record.payloadHash) return null;
      payload = sale;
    }
    ops.push({ ...record, payload, attempts: 0, lastError: null });
  }
  return ops;
}

export type ResendPlan =
  /** The server does not expect anything before the queue's head: an ordinary gap. */
  | { kind: 'notBehind' }
  /** The server lost operations this till still held; they are queued again, in seq order. */
  | { kind: 'requeued'; fromSeq: number; count: number }
  /** The server lost operations this till no longer holds (it keeps them from `heldFrom` on). */
  | { kind: 'notHeld'; expectedSeq: number; heldFrom: number | null };

/**
 * The server answered `gap` expecting `expectedSeq`. When that is before the head of the queue,
 * the server has lost operations it had recorded (a restore from a backup): if this till holds
 * every one of them, they go back into the outbox unchanged, in one transaction, which makes their
 * sales pending again. If even one is missing, nothing moves and the caller must say so.
 */
export async function requeueForResend(db: TillDb, expectedSeq: number): Promise<ResendPlan> {
  return db.transaction('rw', [db.outbox, db.history, db.sales, db.meta], async () => {
    const first = await db.outbox.orderBy('seq').first();
    const head = first?.seq ?? (await requireMeta(db, 'counters')).nextSeq;
    if (expectedSeq >= head) return { kind: 'notBehind' };
    const held = await heldRecords(db, expectedSeq, head);
    // No two records share a seq: as many records as seqs in the range means every one is there.
    const ops = held.length === head - expectedSeq ? await sentOperations(db, held, expectedSeq, head) : null;
    if (ops === null) {
      const oldest = await db.history.orderBy('seq').first();
      return { kind: 'notHeld', expectedSeq, heldFrom: oldest?.seq ?? null };
    }
    await db.outbox.bulkAdd(ops);
    // Their sales are pending again simply by being queued: a sale's state is its operation's place.
    await dropRecords(db, expectedSeq, head);
    return { kind: 'requeued', fromSeq: expectedSeq, count: held.length };
  });
}

/**
 * How many records the history holds. It is one unbroken run of seqs (records enter at the newest
 * end, a resend takes its newest part back to the outbox, and pruning only takes the oldest), so
 * the count is the distance between its first seq and the last row's last seq: a count would
 * walk every row each cycle while the cashier sells.
 */
async function heldCount(db: TillDb): Promise<number> {
  const first = await db.history.orderBy('seq').first();
  if (first === undefined) return 0;
  const last = (await db.history.orderBy('seq').last())!;
  return lastSeqOf(last) - first.seq + 1;
}

/**
 * Drops the oldest records beyond the bounds above. Only a prefix ever goes, so a gap inside what
 * is kept cannot appear. Returns how many were dropped.
 */
export async function pruneHistory(
  db: TillDb,
  now = new Date(),
  bounds: HistoryBounds = HISTORY_BOUNDS,
): Promise<number> {
  const cutoff = new Date(now.getTime() - bounds.keepDays * DAY_MS).toISOString();
  let dropped = 0;
  for (;;) {
    const done = await db.transaction('rw', db.history, async () => {
      const count = await heldCount(db);
      const removable = Math.min(count - bounds.keepAtLeast, PRUNE_BATCH);
      if (removable <= 0) return true;
      const mustGo = count - bounds.keepAtMost;
      // The oldest rows until they hold `removable` records (a row may hold a whole batch).
      let read = 0;
      const rows = await db.history
        .orderBy('seq')
        .until((row) => (read += recordsOf(row).length) >= removable, true)
        .toArray();
      const oldest = rows.flatMap(recordsOf).slice(0, removable);
      let n = 0;
      while (n < oldest.length && (n < mustGo || oldest[n]!.ackedAt < cutoff)) n++;
      if (n === 0) return true;
      await dropRecords(db, oldest[0]!.seq, oldest[n - 1]!.seq + 1);
      dropped += n;
      return n < oldest.length;
    });
    if (done) return dropped;
  }
}
