import type { Kysely } from 'kysely';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { assertNever } from '../../shared/domain/assertNever';
import { parseOperationPayload } from '../../shared/sync/operations';
import {
  opOutcomeSchema,
  type OpOutcome,
  type OpResult,
  type OutboxOp,
  type PushInput,
  type PushOutput,
} from '../../shared/sync/protocol';
import { parseJsonText } from '../../shared/validation';
import type { Db } from '../db/connect';
import { logger } from '../log';
import { isTransient, isUniqueViolation } from '../db/errors';
import { serverPayloadHash } from './payloadHash';
import type { Database } from '../db/schema';
import type { ApplyContext, DeviceScope } from './applySale';
import { offlineDelayMs, readClock } from './clock';
import { commandFor } from './commands';
import { countFailure, errorSummary, SET_ASIDE_AFTER_FAILURES } from './opFailures';

/** A concurrent push moved the stream between our read and our write; look again. */
class StreamMoved extends Error {}

const MAX_ATTEMPTS = 4;

/** How an operation is to be applied: its command runs, or it is set aside after repeated failures. */
type Mode = { run: 'command' } | { run: 'setAside'; detail: string };

/**
 * Applies a device's operations in `seq` order, each in its own transaction (docs/sync-protocol.md §4.2):
 * a bad operation cannot sink the batch, and a retry after a lost response finds the stored result.
 * The unique `op_id` and `(device, install, seq)` keys are the arbiters, not process memory, so
 * several server processes may take pushes from the same device at once.
 */
export async function pushOps(db: Db, scope: DeviceScope, input: PushInput): Promise<PushOutput> {
  const receivedAt = new Date();
  const clock = readClock(input.sentAt, receivedAt);
  const results: OpResult[] = [];
  let blocked = false;
  let longestWait: number | null = null;
  await ensureStream(db.kysely, scope.deviceId, input.installId, receivedAt.toISOString());
  for (const op of input.ops) {
    if (blocked) {
      results.push({ opId: op.opId, seq: op.seq, status: 'retry', reason: 'after_earlier_failure' });
      continue;
    }
    const result = await applyWithRetry(db, scope, input.installId, op, clock.suspect);
    results.push(result);
    if (result.status === 'applied' || result.status === 'rejected') {
      const wait = offlineDelayMs(op.wallTime, receivedAt, clock.skewMs);
      if (wait !== null) longestWait = Math.max(longestWait ?? 0, wait);
    }
    // Order matters per till (a pickup may depend on an earlier sale): stop at the first hole.
    if (result.status === 'retry' || result.status === 'gap') blocked = true;
  }

  const now = new Date().toISOString();
  await db.kysely
    .updateTable('devices')
    .set({
      last_push_at: now,
      last_seen_at: now,
      clock_skew_ms: clock.skewMs,
      // A push that recorded nothing new (only duplicates or retries) leaves the last figure.
      ...(longestWait !== null && { offline_delay_ms: longestWait }),
    })
    .where('id', '=', scope.deviceId)
    .execute();
  const stream = await db.kysely
    .selectFrom('device_streams')
    .select('next_seq')
    .where('device_id', '=', scope.deviceId)
    .where('install_id', '=', input.installId)
    .executeTakeFirst();
  return {
    results,
    ackedThroughSeq: stream ? Number(stream.next_seq) - 1 : 0,
    serverTime: now,
  };
}

async function applyWithRetry(
  db: Db,
  scope: DeviceScope,
  installId: string,
  op: OutboxOp,
  clockSuspect: boolean,
  mode: Mode = { run: 'command' },
): Promise<OpResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.kysely
        .transaction()
        .execute((trx) => applyOne(trx, scope, installId, op, clockSuspect, mode));
    } catch (error) {
      const conflict = error instanceof StreamMoved || isUniqueViolation(error);
      if (conflict && attempt < MAX_ATTEMPTS) continue;
      if (conflict || isTransient(error)) {
        // The server's own trouble (load, a lost connection), not the operation's: no count.
        return { opId: op.opId, seq: op.seq, status: 'retry', reason: conflict ? 'contention' : 'transient' };
      }
      logger.error({ err: error, opId: op.opId, kind: op.kind }, 'push: operation failed');
      if (mode.run === 'setAside') return serverError(op);
      return afterUnexpectedFailure(db, scope, installId, op, clockSuspect, errorSummary(error));
    }
  }
}

/**
 * Nothing of the failed operation was written. Its failure is counted; while under the limit the
 * till retries it, after that it is set aside: quarantined with its payload, answered `rejected`,
 * and given its seat in the stream so the till's later operations go on. The sale it holds is not
 * lost: the till keeps it in its rejected list and HQ sees it in the quarantine.
 */
async function afterUnexpectedFailure(
  db: Db,
  scope: DeviceScope,
  installId: string,
  op: OutboxOp,
  clockSuspect: boolean,
  message: string,
): Promise<OpResult> {
  let attempts: number;
  try {
    attempts = await countFailure(db, scope.deviceId, installId, op, message, new Date().toISOString());
  } catch (error) {
    logger.error({ err: error, opId: op.opId }, 'push: could not count the failure of an operation');
    return serverError(op);
  }
  if (attempts < SET_ASIDE_AFTER_FAILURES) return serverError(op);
  const detail = `failed ${attempts} times on the server; last error: ${message}`;
  return applyWithRetry(db, scope, installId, op, clockSuspect, { run: 'setAside', detail });
}

const serverError = (op: OutboxOp): OpResult => ({
  opId: op.opId,
  seq: op.seq,
  status: 'retry',
  reason: 'server_error',
});

async function applyOne(
  trx: Kysely<Database>,
  scope: DeviceScope,
  installId: string,
  op: OutboxOp,
  clockSuspect: boolean,
  mode: Mode,
): Promise<OpResult> {
  const now = new Date().toISOString();
  const next = await streamNextSeq(trx, scope.deviceId, installId);

  const prior = await trx
    .selectFrom('applied_ops')
    .select(['device_id', 'payload_hash', 'result', 'install_id', 'seq'])
    .where('op_id', '=', op.opId)
    .executeTakeFirst();
  if (prior) {
    if (prior.device_id !== scope.deviceId || prior.payload_hash !== op.payloadHash) {
      await quarantine(trx, scope, installId, op, 'op_id_reused', null, now);
      // The quarantined operation still takes its seat, so the till's later operations go on.
      if (op.seq === next) await advanceStream(trx, scope.deviceId, installId, op.seq);
      return rejected(op, 'op_id_reused', 'this operation id was already used for other content', true);
    }
    // The same operation again (a lost response, or a re-import under a new install): its seat
    // in this stream is taken by the original, so the stream moves on past it.
    if (op.seq === next && (prior.install_id !== installId || Number(prior.seq) !== op.seq)) {
      await advanceStream(trx, scope.deviceId, installId, op.seq);
    }
    const stored = parseJsonText(opOutcomeSchema, prior.result);
    if (!stored.ok) throw new Error(`stored result of op ${op.opId} is unreadable: ${stored.error}`);
    return { opId: op.opId, seq: op.seq, status: 'duplicate', outcome: stored.value };
  }

  if (op.seq > next) return { opId: op.opId, seq: op.seq, status: 'gap', expectedSeq: next };
  if (op.seq < next) {
    await quarantine(trx, scope, installId, op, 'seq_reused', null, now);
    return rejected(op, 'seq_reused', `seq ${op.seq} was already used by another operation`, true);
  }

  let outcome: OpOutcome;
  if (serverPayloadHash(op.payload) !== op.payloadHash) {
    const detail = 'payload does not match its hash';
    await quarantine(trx, scope, installId, op, 'hash_mismatch', detail, now);
    outcome = { outcome: 'rejected', reason: 'hash_mismatch', detail, quarantined: true };
  } else if (mode.run === 'setAside') {
    await quarantine(trx, scope, installId, op, 'failed_repeatedly', mode.detail, now);
    outcome = { outcome: 'rejected', reason: 'failed_repeatedly', detail: mode.detail, quarantined: true };
  } else {
    outcome = await runCommand(trx, scope, op, { receivedAt: now, clockSuspect });
  }

  await trx
    .insertInto('applied_ops')
    .values({
      op_id: op.opId,
      device_id: scope.deviceId,
      install_id: installId,
      seq: op.seq,
      kind: op.kind,
      schema_version: op.schemaVersion,
      payload_hash: op.payloadHash,
      status: outcome.outcome,
      result: JSON.stringify(outcome),
      wall_time: op.wallTime,
      received_at: now,
    })
    .execute();
  await advanceStream(trx, scope.deviceId, installId, op.seq);

  return outcome.outcome === 'applied'
    ? { opId: op.opId, seq: op.seq, status: 'applied', outcome }
    : rejected(op, outcome.reason, outcome.detail, outcome.quarantined ?? false);
}

async function runCommand(
  trx: Kysely<Database>,
  scope: DeviceScope,
  op: OutboxOp,
  context: ApplyContext,
): Promise<OpOutcome> {
  const parsed = parseOperationPayload(op.kind, op.schemaVersion, op.payload);
  if (!parsed.ok) return { outcome: 'rejected', reason: parsed.reason, detail: parsed.detail };
  switch (parsed.kind) {
    case 'sale.record':
      return commandFor(parsed.kind)(trx, scope, op.opId, parsed.payload, context);
    case 'card.issue':
      return commandFor(parsed.kind)(trx, scope, op.opId, parsed.payload, context);
    default:
      return assertNever(parsed);
  }
}

/** A new install (a till whose local database was created afresh) starts its own seq stream at 1. */
async function ensureStream(db: Kysely<Database>, deviceId: string, installId: string, now: string) {
  await db
    .insertInto('device_streams')
    .values({ device_id: deviceId, install_id: installId, next_seq: 1, created_at: now })
    .onConflict((oc) => oc.columns(['device_id', 'install_id']).doNothing())
    .execute();
}

async function streamNextSeq(trx: Kysely<Database>, deviceId: string, installId: string) {
  const row = await trx
    .selectFrom('device_streams')
    .select('next_seq')
    .where('device_id', '=', deviceId)
    .where('install_id', '=', installId)
    .executeTakeFirstOrThrow();
  return Number(row.next_seq);
}

async function advanceStream(trx: Kysely<Database>, deviceId: string, installId: string, seq: number) {
  const updated = await trx
    .updateTable('device_streams')
    .set({ next_seq: seq + 1 })
    .where('device_id', '=', deviceId)
    .where('install_id', '=', installId)
    .where('next_seq', '=', seq)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new StreamMoved();
}

async function quarantine(
  trx: Kysely<Database>,
  scope: DeviceScope,
  installId: string,
  op: OutboxOp,
  reason: string,
  detail: string | null,
  now: string,
) {
  await trx
    .insertInto('quarantined_ops')
    .values({
      id: uuidv7(),
      op_id: op.opId,
      device_id: scope.deviceId,
      install_id: installId,
      seq: op.seq,
      kind: op.kind,
      payload: JSON.stringify(op.payload ?? null),
      payload_hash: op.payloadHash,
      reason,
      detail,
      received_at: now,
    })
    .execute();
}

function rejected(op: OutboxOp, reason: string, detail: string | undefined, quarantined: boolean): OpResult {
  return {
    opId: op.opId,
    seq: op.seq,
    status: 'rejected',
    reason,
    quarantined,
    ...(detail ? { detail } : {}),
  };
}
