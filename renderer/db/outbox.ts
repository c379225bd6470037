import type { OpResult, OutboxOp } from '../../shared/sync/protocol';
import type { TillDb } from './database';
import { historyOf } from './history';
import { getMeta, setMeta } from './meta';
import { markHandout } from './pickups';

/**
 * An operation still at the head of the queue after this many answers of `retry` or `gap` is shown
 * as stuck. Operations that fail on the server itself are set aside there after a few attempts and
 * come back `rejected`; what stays stuck is the server's own trouble (contention, a database that
 * is down) or a stream out of step, which the cashier should report.
 */
export const STUCK_AFTER_ATTEMPTS = 20;

/** Operations per push request. */
export const PUSH_BATCH = 200;

export async function pendingBatch(db: TillDb, limit: number): Promise<OutboxOp[]> {
  const rows = await db.outbox.orderBy('seq').limit(limit).toArray();
  return rows.map(({ seq, opId, kind, schemaVersion, payload, payloadHash, wallTime }) => ({
    seq,
    opId,
    kind,
    schemaVersion,
    payload,
    payloadHash,
    wallTime,
  }));
}

export type AckSummary = {
  acked: number;
  rejected: number;
  /** Of the rejected, those the server set aside (quarantined) with their payload. */
  quarantined: number;
  retry: number;
  gap: number;
  /** Why the first operation the server did not take was held back (later ones only follow it). */
  retryReason: string | null;
  /** The seq the server expects next, when it answered `gap`. */
  expectedSeq: number | null;
};

/**
 * Applies the server's per-operation answers in one transaction. Recorded operations leave the
 * outbox for the history, in that same transaction, so each is always in one of the two and can
 * be sent again if the server loses it (docs/sync-protocol.md §5.2); rejected ones also go to the
 * attention list with their reason (never silently dropped); retries stay with their attempt count.
 */
export async function applyPushResults(
  db: TillDb,
  results: OpResult[],
  at = new Date(),
): Promise<AckSummary> {
  const summary: AckSummary = {
    acked: 0,
    rejected: 0,
    quarantined: 0,
    retry: 0,
    gap: 0,
    retryReason: null,
    expectedSeq: null,
  };
  const tables = [db.outbox, db.history, db.rejected, db.sales, db.meta, db.pickupHandouts];
  await db.transaction('rw', tables, async () => {
    for (const result of results) {
      const op = await db.outbox.get(result.seq);
      if (!op || op.opId !== result.opId) continue; // already handled by an earlier answer
      const rejection = rejectionOf(result);
      if (result.status === 'applied' || (result.status === 'duplicate' && !rejection)) {
        await db.outbox.delete(op.seq);
        await db.history.put(historyOf(op, 'applied', at));
        // Sent again after a restore, an operation rejected the first time may now be applied.
        if ((await db.rejected.get(op.seq))?.opId === op.opId) await db.rejected.delete(op.seq);
        await markSale(db, op.seq, 'synced');
        if (op.kind === 'pickup.confirm') await markHandout(db, op.seq, { state: 'applied' });
        summary.acked++;
      } else if (rejection) {
        await db.rejected.put({ ...op, ...rejection, rejectedAt: at.toISOString() });
        await db.outbox.delete(op.seq);
        await db.history.put(historyOf(op, 'rejected', at));
        await markSale(db, op.seq, 'rejected');
        if (op.kind === 'pickup.confirm')
          await markHandout(db, op.seq, {
            state: 'rejected',
            reason: rejection.reason,
            detail: rejection.detail,
          });
        summary.rejected++;
        if (rejection.quarantined) summary.quarantined++;
      } else if (result.status === 'gap') {
        await db.outbox.update(op.seq, {
          attempts: op.attempts + 1,
          lastError: `server expects seq ${result.expectedSeq}`,
        });
        summary.gap++;
        summary.expectedSeq ??= result.expectedSeq;
      } else if (result.status === 'retry') {
        await db.outbox.update(op.seq, { attempts: op.attempts + 1, lastError: result.reason });
        summary.retry++;
        summary.retryReason ??= result.reason;
      }
    }
    const last = (await getMeta(db, 'lastSync')) ?? { pushAt: null, pullAt: null };
    await setMeta(db, 'lastSync', { ...last, pushAt: at.toISOString() });
  });
  return summary;
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

async function markSale(db: TillDb, seq: number, syncState: 'synced' | 'rejected') {
  await db.sales.where('seq').equals(seq).modify({ syncState });
}
