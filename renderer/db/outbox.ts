import type { OpResult, OutboxOp } from '../../shared/sync/protocol';
import type { TillDb } from './database';
import { getMeta, setMeta } from './meta';

/** After this many failed attempts an operation is flagged quarantined: it stays, with an alert. */
export const QUARANTINE_AFTER_ATTEMPTS = 20;

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

export type AckSummary = { acked: number; rejected: number; retry: number; gap: number };

/**
 * Applies the server's per-operation answers in one transaction. Recorded operations leave the
 * outbox; rejected ones move to the attention list with their reason (never silently dropped);
 * retries stay in place with their attempt count.
 */
export async function applyPushResults(
  db: TillDb,
  results: OpResult[],
  at = new Date(),
): Promise<AckSummary> {
  const summary: AckSummary = { acked: 0, rejected: 0, retry: 0, gap: 0 };
  await db.transaction('rw', [db.outbox, db.rejected, db.sales, db.meta], async () => {
    for (const result of results) {
      const op = await db.outbox.get(result.seq);
      if (!op || op.opId !== result.opId) continue; // already handled by an earlier answer
      const rejection = rejectionOf(result);
      if (result.status === 'applied' || (result.status === 'duplicate' && !rejection)) {
        await db.outbox.delete(op.seq);
        await markSale(db, op.seq, 'synced');
        summary.acked++;
      } else if (rejection) {
        await db.rejected.put({ ...op, ...rejection, rejectedAt: at.toISOString() });
        await db.outbox.delete(op.seq);
        await markSale(db, op.seq, 'rejected');
        summary.rejected++;
      } else if (result.status === 'gap' || result.status === 'retry') {
        const error = result.status === 'gap' ? `server expects seq ${result.expectedSeq}` : result.reason;
        await db.outbox.update(op.seq, { attempts: op.attempts + 1, lastError: error });
        summary[result.status]++;
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
    return { reason: result.outcome.reason, detail: result.outcome.detail ?? null, quarantined: false };
  }
  return null;
}

async function markSale(db: TillDb, seq: number, syncState: 'synced' | 'rejected') {
  await db.sales.where('seq').equals(seq).modify({ syncState });
}
