import { MAX_PUSH_OPS, pushOutputSchema, type OpResult, type OutboxOp } from '../../shared/sync/protocol';
import { parseUnknown } from '../../shared/validation';
import type { TillDb } from '../db/database';
import { requeueForResend } from '../db/history';
import { applyPushResults, pendingAfter, type AckSummary } from '../db/outbox';
import type { ServerClient } from './serverClient';
import { SyncRefused } from './syncState';

/**
 * Bytes of operations per push request. Far below the server's body limit
 * (`MAX_REQUEST_BODY_BYTES`, 32 MiB) so a request never nears it, yet large enough that a batch
 * of ordinary sales is bounded by `MAX_PUSH_OPS` instead (docs/sync-protocol.md §15).
 */
export const PUSH_TARGET_BYTES = 1024 * 1024;

export type DrainOptions = {
  /** Operations per request; at most the server's `MAX_PUSH_OPS`. */
  maxOps?: number;
  /** Bytes of operations per request; one operation larger than this still goes alone. */
  maxBytes?: number;
  /** Called once the results of a batch are stored, with the highest seq the server recorded. */
  onAcked?: (throughSeq: number) => void;
};

export type DrainSummary = {
  recorded: number;
  /** Of the recorded, the sales. */
  recordedSales: number;
  rejected: number;
  setAside: number;
  resent: number;
};

type Stream = { deviceId: string; installId: string };

/**
 * Pushes the whole outbox in seq order (docs/sync-protocol.md §15). The next batch leaves as soon
 * as the server has answered the last one, while the till stores that answer; the server still
 * receives one request of a stream at a time, so it never sees a later batch before an earlier
 * one is recorded. A batch whose answer is not all recorded (`retry`, `gap`) stops the pipeline
 * before anything after it is sent, and is handled exactly as a single push would be (§4.3, §5.2).
 */
export async function drainOutbox(
  db: TillDb,
  ackDb: TillDb,
  client: ServerClient,
  stream: Stream,
  options: DrainOptions = {},
): Promise<DrainSummary> {
  const maxOps = Math.min(options.maxOps ?? MAX_PUSH_OPS, MAX_PUSH_OPS);
  const maxBytes = options.maxBytes ?? PUSH_TARGET_BYTES;
  const total: DrainSummary = { recorded: 0, recordedSales: 0, rejected: 0, setAside: 0, resent: 0 };

  const push = async (ops: OutboxOp[]): Promise<OpResult[]> => {
    const raw = await client.sync.push.mutate({
      ...stream,
      ops,
      // Taken as the request leaves: the server compares it with its receive time to judge
      // this till's clock, whatever the wall times of the queued operations are.
      sentAt: new Date().toISOString(),
    });
    const answer = parseUnknown(pushOutputSchema, raw);
    if (!answer.ok)
      throw new SyncRefused(
        { kind: 'unreadable', detail: answer.error },
        total.recorded,
        total.recordedSales,
      );
    return answer.value.results;
  };
  const store = async (results: OpResult[], ops: OutboxOp[]): Promise<AckSummary> => {
    const summary = await applyPushResults(ackDb, results, new Date(), {
      installId: stream.installId,
      ops,
    });
    total.recorded += summary.acked;
    total.recordedSales += summary.ackedSales;
    total.rejected += summary.rejected;
    total.setAside += summary.quarantined;
    if (summary.ackedThroughSeq !== null) options.onAcked?.(summary.ackedThroughSeq);
    return summary;
  };

  for (;;) {
    const last = await runPipeline(db, push, store, maxOps, maxBytes);
    if (last === null) return total;
    if (last.gap > 0) {
      const expectedSeq = last.expectedSeq ?? 0;
      // Each resend moves the head of the queue back to what the server expects, so a second
      // gap at the same seq is an ordinary one: this cannot go round in circles.
      const plan = await requeueForResend(db, expectedSeq);
      if (plan.kind === 'requeued') {
        total.resent += plan.count;
        continue;
      }
      if (plan.kind === 'notHeld') {
        throw new SyncRefused(
          { kind: 'cannotResend', expectedSeq, heldFrom: plan.heldFrom },
          total.recorded,
          total.recordedSales,
        );
      }
      throw new SyncRefused({ kind: 'gap', expectedSeq }, total.recorded, total.recordedSales);
    }
    const reason = last.retryReason ?? 'unknown';
    throw new SyncRefused({ kind: 'retry', count: last.retry, reason }, total.recorded, total.recordedSales);
  }
}

/**
 * How many batches are read ahead of the one being pushed. Each read is one readonly transaction
 * that IndexedDB queues behind the answers being stored; read two ahead, a batch is in hand well
 * before the server answers the one before it, so a push never waits for the till's disk
 * (docs/sync-protocol.md §15).
 */
const READ_AHEAD = 2;

/**
 * Sends batches until the queue is empty (null) or an answer is not all recorded (that batch's
 * summary). At most two batches are in hand: one being answered by the server, the one before it
 * being stored; the following ones are read from the outbox meanwhile, each after the last seq of
 * the one before. A read ahead is only ever read: nothing is sent unless every batch before it was
 * answered as recorded, and what is read past a stop is dropped.
 */
async function runPipeline(
  db: TillDb,
  push: (ops: OutboxOp[]) => Promise<OpResult[]>,
  store: (results: OpResult[], ops: OutboxOp[]) => Promise<AckSummary>,
  maxOps: number,
  maxBytes: number,
): Promise<AckSummary | null> {
  const readAfter = (previous: Promise<OutboxOp[]>): Promise<OutboxOp[]> => {
    const read = previous.then((ops) =>
      ops.length === 0 ? [] : pendingAfter(db, ops.at(-1)!.seq, maxOps, maxBytes),
    );
    // Read even if nothing waits for it any more (a stop, a failed push): its rows are only read.
    read.catch(() => undefined);
    return read;
  };
  // The batches read and not yet sent; each push adds one more, so READ_AHEAD are read ahead of it.
  const reads = [pendingAfter(db, 0, maxOps, maxBytes)];
  while (reads.length < READ_AHEAD) reads.push(readAfter(reads.at(-1)!));
  let storing: Promise<AckSummary> | null = null;
  try {
    let batch = await reads.shift()!;
    while (batch.length > 0) {
      const answer = push(batch);
      reads.push(readAfter(reads.at(-1)!));
      const results = await answer;
      // Stored in seq order: the previous batch's transaction commits before this one's starts.
      if (storing !== null) await storing;
      storing = null;
      if (!resultsAllRecorded(results, batch)) return await store(results, batch);
      storing = store(results, batch);
      batch = await reads.shift()!;
    }
    if (storing === null) return null;
    const lastStored = await storing;
    storing = null;
    return allRecorded(lastStored) ? null : lastStored;
  } finally {
    // A failed push ends the cycle; the answer already in hand is still stored, as without a
    // pipeline, and its failure (if any) is the one reported.
    if (storing !== null) await storing;
  }
}

const allRecorded = (summary: AckSummary) => summary.retry === 0 && summary.gap === 0;

/** Every operation of the batch answered as recorded (applied, duplicate or rejected). */
function resultsAllRecorded(results: readonly OpResult[], batch: readonly OutboxOp[]): boolean {
  if (results.length !== batch.length) return false;
  return results.every((r) => r.status !== 'retry' && r.status !== 'gap');
}
