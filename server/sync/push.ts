import { TRPCError } from '@trpc/server';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { MAX_INSTALL_STREAMS_PER_DEVICE } from '../../shared/domain/limits';
import type { OpResult, OutboxOp, PushInput, PushOutput } from '../../shared/sync/protocol';
import type { Db } from '../db/connect';
import { isTransient } from '../db/errors';
import type { Database } from '../db/schema';
import { logger } from '../log';
import type { DeviceScope } from './applySale';
import { streamNextSeq, type OpContext } from './batch/applyOne';
import { lockCustomersOf } from './batch/lockOrder';
import { openStream } from './batch/openStream';
import { applySalesAtOnce, salesAtOnce } from './batch/saleBatch';
import { applyInSavepoints } from './batch/savepointBatch';
import { BatchAborted, inBatchTransaction } from './batch/transaction';
import { offlineDelayMs, readClock } from './clock';

/**
 * Applies a device's operations in `seq` order in one database transaction per batch
 * (docs/sync-protocol.md §4.2, §14): a batch of new sales at once, any other batch one operation
 * at a time, each in its own savepoint, so a bad operation cannot sink the batch; a retry after a
 * lost response finds the stored result. A new install's stream is created in its first batch's
 * transaction. The answers are sent only after the batch's commit is on disk. The unique `op_id` and `(device, install, seq)` keys are
 * the arbiters, not process memory, so several server processes may take pushes from the same
 * device at once.
 */
export async function pushOps(db: Db, scope: DeviceScope, input: PushInput): Promise<PushOutput> {
  const receivedAt = new Date();
  const clock = readClock(input.sentAt, receivedAt);
  const ctx = { scope, installId: input.installId, clockSuspect: clock.suspect };
  const now = () => new Date().toISOString();
  // The device's figures are written in the batch's transaction: no commit (and disk flush) of
  // their own. Only a batch whose transaction was lost writes them on their own.
  const deviceUpdate = (trx: Kysely<Database>, results: Statuses, at: string) => {
    let longestWait: number | null = null;
    input.ops.forEach((op, i) => {
      const status = results[i]?.status;
      if (status !== 'applied' && status !== 'rejected') return;
      const wait = offlineDelayMs(op.wallTime, receivedAt, clock.skewMs);
      if (wait !== null) longestWait = Math.max(longestWait ?? 0, wait);
    });
    return trx
      .updateTable('devices')
      .set({
        last_push_at: at,
        last_seen_at: at,
        clock_skew_ms: clock.skewMs,
        // A push that recorded nothing new (only duplicates or retries) leaves the last figure.
        ...(longestWait !== null && { offline_delay_ms: longestWait }),
      })
      .where('id', '=', scope.deviceId);
  };
  const noteDevice: NoteDevice = {
    write: (trx, results, at) => deviceUpdate(trx, results, at).execute(),
    query: (trx, results, at) => sql`${deviceUpdate(trx, results, at)}`,
  };
  const answer = await applyBatch(db, ctx, input.ops, noteDevice);
  if (answer === 'refused') {
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: `This till has started ${MAX_INSTALL_STREAMS_PER_DEVICE} local databases, the most one device may; enrol it again from HQ.`,
    });
  }
  const serverTime = answer.at ?? now();
  if (!answer.at) await noteDevice.write(db.kysely, answer.results, serverTime);
  return { results: answer.results, ackedThroughSeq: answer.ackedThroughSeq, serverTime };
}

type Answer = { results: OpResult[]; ackedThroughSeq: number; at: string | null };

/** Only each operation's status counts for the device's figures. */
type Statuses = readonly Pick<OpResult, 'status'>[];

/** The device's figures after a batch: written on their own, or as a query to go with another. */
type NoteDevice = {
  write: (trx: Kysely<Database>, results: Statuses, at: string) => Promise<unknown>;
  query: (trx: Kysely<Database>, results: Statuses, at: string) => RawBuilder<unknown>;
};

/**
 * The batch's answers, valid only once its transaction has committed. When the transaction itself
 * is lost (its connection, a failed commit) nothing of it was kept, and every operation is answered
 * `retry` for the till to send again; what did commit before a lost answer comes back `duplicate`.
 * `refused`: a new install past the device's cap; only that refusal was recorded.
 */
async function applyBatch(
  db: Db,
  ctx: OpContext,
  ops: readonly OutboxOp[],
  noteDevice: NoteDevice,
): Promise<Answer | 'refused'> {
  if (ops.length === 0) return { results: [], ackedThroughSeq: await ackedThrough(db, ctx), at: null };
  try {
    // The payloads' checks are Node work: done before the batch holds a connection and its locks.
    const ready = salesAtOnce(ops);
    const pg = db.dialect === 'postgres';
    // PostgreSQL: the set-based path's savepoint is taken with the `begin`.
    const savepointFirst = pg && ready !== null;
    return await inBatchTransaction(
      db,
      async (trx) => {
        // A batch of new sales locks its stream with its checks (one statement on PostgreSQL), and
        // finds it missing when this is a new install's first batch.
        const atOnceIn = (savepointTaken: boolean) => {
          if (!ready) return Promise.resolve(null);
          const at = new Date().toISOString();
          // Every operation of a batch recorded at once is applied: so are the device's figures
          // worked out, and on PostgreSQL written with the batch's last statement.
          const applied = ops.map(() => ({ status: 'applied' as const }));
          const alsoUpdate = pg ? [noteDevice.query(trx, applied, at)] : [];
          return applySalesAtOnce(trx, db.dialect, ctx, ops, ready, { savepointTaken, alsoUpdate }).then(
            // SQLite writes them after the batch, at that time.
            (results) => (results ? { results, at: pg ? at : new Date().toISOString() } : null),
          );
        };
        let atOnce = await atOnceIn(savepointFirst);
        if (!atOnce) {
          const stream = await openStream(trx, db.dialect, ctx, new Date().toISOString());
          if (stream === 'refused') return 'refused' as const;
          if (stream === 'created') atOnce = await atOnceIn(false);
        }
        if (atOnce) {
          if (!pg) await noteDevice.write(trx, atOnce.results, atOnce.at);
          // It moved the stream to just past its last operation, and holds it until it commits.
          return { results: atOnce.results, ackedThroughSeq: ops[ops.length - 1]!.seq, at: atOnce.at };
        }
        await lockCustomersOf(trx, db.dialect, ops);
        const results = await applyInSavepoints(trx, ctx, ops);
        const after = new Date().toISOString();
        await noteDevice.write(trx, results, after);
        return {
          results,
          ackedThroughSeq: (await streamNextSeq(trx, ctx.scope.deviceId, ctx.installId)) - 1,
          at: after,
        };
      },
      { savepoint: savepointFirst },
    );
  } catch (error) {
    if (!(error instanceof BatchAborted) && !isTransient(error) && !isTransient(causeOf(error))) {
      logger.error({ err: error, deviceId: ctx.scope.deviceId }, 'push: the batch failed');
    }
    const results = ops.map((op): OpResult => ({
      opId: op.opId,
      seq: op.seq,
      status: 'retry',
      reason: 'transient',
    }));
    return { results, ackedThroughSeq: await ackedThrough(db, ctx), at: null };
  }
}

/** The last `seq` of the stream the server holds. */
async function ackedThrough(db: Db, ctx: OpContext): Promise<number> {
  const stream = await db.kysely
    .selectFrom('device_streams')
    .select('next_seq')
    .where('device_id', '=', ctx.scope.deviceId)
    .where('install_id', '=', ctx.installId)
    .executeTakeFirst();
  return stream ? Number(stream.next_seq) - 1 : 0;
}

const causeOf = (error: unknown) => (error instanceof Error ? error.cause : undefined);
