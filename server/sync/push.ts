import { TRPCError } from '@trpc/server';
import { sql, type Kysely } from 'kysely';
import {
  MAX_INSTALL_STREAMS_PER_DEVICE,
  MAX_QUARANTINED_BYTES_PER_DEVICE,
  MAX_QUARANTINED_OPS_PER_DEVICE,
} from '../../shared/domain/limits';
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
import { codeOf, isDataException, isTransient, isUniqueViolation } from '../db/errors';
import { refuseOversizedPayload, refuseUnstorableText, type Refusal } from './admission';
import { serverPayloadHash } from './payloadHash';
import type { Database } from '../db/schema';
import type { ApplyContext, DeviceScope } from './applySale';
import { offlineDelayMs, readClock } from './clock';
import { commandFor } from './commands';
import { countFailure, errorSummary, SET_ASIDE_AFTER_FAILURES } from './opFailures';

/** A concurrent push moved the stream between our read and our write; look again. */
class StreamMoved extends Error {}

const MAX_ATTEMPTS = 4;

/**
 * How an operation is to be applied: its command runs; or it is set aside after repeated failures;
 * or it is refused because the database itself refused one of its values.
 */
type Mode = { run: 'command' } | { run: 'setAside'; detail: string } | { run: 'refuse'; refusal: Refusal };

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
      if (isDataException(error) && mode.run === 'command') {
        // The same value fails the same way every time: a `retry` would block the till for good.
        logger.warn({ err: error, opId: op.opId, kind: op.kind }, 'push: the database refused a value');
        // The code, not the driver's words: those can quote the value or the schema.
        const detail = `payload: the database refused one of its values (${codeOf(error) ?? 'unknown'})`;
        const refusal: Refusal = { reason: 'invalid_payload', detail };
        return applyWithRetry(db, scope, installId, op, clockSuspect, { run: 'refuse', refusal });
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
  // First, before anything walks the payload recursively (the hash, a quarantined copy).
  const tooBig = refuseOversizedPayload(op.payload);
  const keep = (reason: string, detail: string | null) =>
    quarantine(trx, scope, installId, op, reason, detail, now, tooBig === null);

  const prior = await trx
    .selectFrom('applied_ops')
    .select(['device_id', 'payload_hash', 'result', 'install_id', 'seq'])
    .where('op_id', '=', op.opId)
    .executeTakeFirst();
  if (prior) {
    if (prior.device_id !== scope.deviceId || prior.payload_hash !== op.payloadHash) {
      const kept = await keep('op_id_reused', null);
      // The quarantined operation still takes its seat, so the till's later operations go on.
      if (op.seq === next) await advanceStream(trx, scope.deviceId, installId, op.seq);
      return rejected(op, 'op_id_reused', 'this operation id was already used for other content', kept);
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
    const kept = await keep('seq_reused', null);
    return rejected(op, 'seq_reused', `seq ${op.seq} was already used by another operation`, kept);
  }

  let outcome: OpOutcome;
  if (tooBig) {
    outcome = { outcome: 'rejected', reason: tooBig.reason, detail: tooBig.detail };
  } else if (serverPayloadHash(op.payload) !== op.payloadHash) {
    const detail = 'payload does not match its hash';
    const kept = await keep('hash_mismatch', detail);
    outcome = { outcome: 'rejected', reason: 'hash_mismatch', detail, quarantined: kept };
  } else if (mode.run === 'setAside') {
    const kept = await keep('failed_repeatedly', mode.detail);
    outcome = { outcome: 'rejected', reason: 'failed_repeatedly', detail: mode.detail, quarantined: kept };
  } else if (mode.run === 'refuse') {
    const { reason, detail } = mode.refusal;
    outcome = { outcome: 'rejected', reason, detail, quarantined: await keep(reason, detail) };
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
  const unstorable = refuseUnstorableText(parsed.kind, parsed.payload);
  if (unstorable) return { outcome: 'rejected', ...unstorable };
  switch (parsed.kind) {
    case 'sale.record':
      return commandFor(parsed.kind)(trx, scope, op.opId, parsed.payload, context);
    case 'shift.open':
      return commandFor(parsed.kind)(trx, scope, op.opId, parsed.payload, context);
    case 'cash.move':
      return commandFor(parsed.kind)(trx, scope, op.opId, parsed.payload, context);
    case 'shift.close':
      return commandFor(parsed.kind)(trx, scope, op.opId, parsed.payload, context);
    case 'card.issue':
      return commandFor(parsed.kind)(trx, scope, op.opId, parsed.payload, context);
    case 'return.record':
      return commandFor(parsed.kind)(trx, scope, op.opId, parsed.payload, context);
    case 'pickup.confirm':
      return commandFor(parsed.kind)(trx, scope, op.opId, parsed.payload, context);
    default:
      return assertNever(parsed);
  }
}

/**
 * A new install (a till whose local database was created afresh) starts its own seq stream at 1,
 * up to MAX_INSTALL_STREAMS_PER_DEVICE. Two processes racing may pass the cap by one: it bounds
 * storage, it decides nothing about the data.
 */
async function ensureStream(db: Kysely<Database>, deviceId: string, installId: string, now: string) {
  const known = await db
    .selectFrom('device_streams')
    .select('install_id')
    .where('device_id', '=', deviceId)
    .where('install_id', '=', installId)
    .executeTakeFirst();
  if (known) return;
  const streams = await db
    .selectFrom('device_streams')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('device_id', '=', deviceId)
    .executeTakeFirstOrThrow();
  if (Number(streams.n) >= MAX_INSTALL_STREAMS_PER_DEVICE) {
    await countLimitRefusal(db, deviceId);
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: `This till has started ${MAX_INSTALL_STREAMS_PER_DEVICE} local databases, the most one device may; enrol it again from HQ.`,
    });
  }
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

/**
 * Keeps a refused operation for review, once per (device, op id, payload hash): the same one pushed
 * again only counts `times_seen`. A device's quarantine is capped in rows and bytes; past the cap
 * nothing is kept, the device's `limit_refusals` counts it, and the answer says so
 * (`quarantined: false`). Returns whether the operation is in the quarantine.
 */
async function quarantine(
  trx: Kysely<Database>,
  scope: DeviceScope,
  installId: string,
  op: OutboxOp,
  reason: string,
  detail: string | null,
  now: string,
  withPayload: boolean,
): Promise<boolean> {
  const again = await trx
    .updateTable('quarantined_ops')
    .set({ times_seen: sql<number>`times_seen + 1` })
    .where('device_id', '=', scope.deviceId)
    .where('op_id', '=', op.opId)
    .where('payload_hash', '=', op.payloadHash)
    .executeTakeFirst();
  if (Number(again.numUpdatedRows) > 0) return true;

  // Too deep or too large to keep: the row says what arrived, without the payload.
  const payload = withPayload ? JSON.stringify(op.payload ?? null) : 'null';
  const payloadBytes = new TextEncoder().encode(payload).byteLength;
  const share = await trx
    .selectFrom('quarantined_ops')
    .select((eb) => [
      eb.fn.countAll<number>().as('rows'),
      eb.fn.coalesce(eb.fn.sum<number>('payload_bytes'), sql<number>`0`).as('bytes'),
    ])
    .where('device_id', '=', scope.deviceId)
    .executeTakeFirstOrThrow();
  if (
    Number(share.rows) >= MAX_QUARANTINED_OPS_PER_DEVICE ||
    Number(share.bytes) + payloadBytes > MAX_QUARANTINED_BYTES_PER_DEVICE
  ) {
    await countLimitRefusal(trx, scope.deviceId);
    return false;
  }
  await trx
    .insertInto('quarantined_ops')
    .values({
      id: uuidv7(),
      op_id: op.opId,
      device_id: scope.deviceId,
      install_id: installId,
      seq: op.seq,
      kind: op.kind,
      payload,
      payload_hash: op.payloadHash,
      reason,
      detail,
      received_at: now,
      payload_bytes: payloadBytes,
    })
    .execute();
  return true;
}

/** One more time a device hit a cap, for HQ (`devices.limit_refusals`). */
async function countLimitRefusal(db: Kysely<Database>, deviceId: string): Promise<void> {
  await db
    .updateTable('devices')
    .set({ limit_refusals: sql<number>`limit_refusals + 1` })
    .where('id', '=', deviceId)
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
