import type { Kysely } from 'kysely';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { assertNever } from '../../shared/domain/assertNever';
import { parseOperationPayload } from '../../shared/sync/operations';
import {
  type OpOutcome,
  type OpResult,
  type OutboxOp,
  type PushInput,
  type PushOutput,
} from '../../shared/sync/protocol';
import type { Db } from '../db/connect';
import { logger } from '../log';
import { isTransient, isUniqueViolation } from '../db/errors';
import { serverPayloadHash } from './payloadHash';
import type { Database } from '../db/schema';
import { applySale, type DeviceScope } from './applySale';

/** A concurrent push moved the stream between our read and our write; look again. */
class StreamMoved extends Error {}

const MAX_ATTEMPTS = 4;

/**
 * Applies a device's operations in `seq` order, each in its own transaction (sync.md §8.3): a bad
 * operation cannot sink the batch, and a retry after a lost response finds the stored result.
 * The unique `op_id` and `(device, install, seq)` keys are the arbiters, not process memory, so
 * several server processes may take pushes from the same device at once.
 */
export async function pushOps(db: Db, scope: DeviceScope, input: PushInput): Promise<PushOutput> {
  const results: OpResult[] = [];
  let blocked = false;
  await ensureStream(db.kysely, scope.deviceId, input.installId, new Date().toISOString());
  for (const op of input.ops) {
    if (blocked) {
      results.push({ opId: op.opId, seq: op.seq, status: 'retry', reason: 'after_earlier_failure' });
      continue;
    }
    const result = await applyWithRetry(db, scope, input.installId, op);
    results.push(result);
    // Order matters per till (a pickup may depend on an earlier sale): stop at the first hole.
    if (result.status === 'retry' || result.status === 'gap') blocked = true;
  }

  const now = new Date();
  const last = input.ops.at(-1);
  const skew = last ? Date.parse(last.wallTime) - now.getTime() : null;
  await db.kysely
    .updateTable('devices')
    .set({ last_push_at: now.toISOString(), last_seen_at: now.toISOString(), clock_skew_ms: skew })
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
    serverTime: now.toISOString(),
  };
}

async function applyWithRetry(
  db: Db,
  scope: DeviceScope,
  installId: string,
  op: OutboxOp,
): Promise<OpResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.kysely.transaction().execute((trx) => applyOne(trx, scope, installId, op));
    } catch (error) {
      const conflict = error instanceof StreamMoved || isUniqueViolation(error);
      if (conflict && attempt < MAX_ATTEMPTS) continue;
      if (conflict || isTransient(error)) {
        return { opId: op.opId, seq: op.seq, status: 'retry', reason: conflict ? 'contention' : 'transient' };
      }
      // A bug, not the operation's fault: nothing was written; the till retries and counts attempts.
      logger.error({ err: error, opId: op.opId, kind: op.kind }, 'push: operation failed');
      return { opId: op.opId, seq: op.seq, status: 'retry', reason: 'server_error' };
    }
  }
}

async function applyOne(
  trx: Kysely<Database>,
  scope: DeviceScope,
  installId: string,
  op: OutboxOp,
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
      await quarantine(trx, scope, installId, op, 'op_id_reused', now);
      // The quarantined operation still takes its seat, so the till's later operations go on.
      if (op.seq === next) await advanceStream(trx, scope.deviceId, installId, op.seq);
      return rejected(op, 'op_id_reused', 'this operation id was already used for other content', true);
    }
    // The same operation again (a lost response, or a re-import under a new install): its seat
    // in this stream is taken by the original, so the stream moves on past it.
    if (op.seq === next && (prior.install_id !== installId || Number(prior.seq) !== op.seq)) {
      await advanceStream(trx, scope.deviceId, installId, op.seq);
    }
    return {
      opId: op.opId,
      seq: op.seq,
      status: 'duplicate',
      outcome: JSON.parse(prior.result) as OpOutcome,
    };
  }

  if (op.seq > next) return { opId: op.opId, seq: op.seq, status: 'gap', expectedSeq: next };
  if (op.seq < next) {
    await quarantine(trx, scope, installId, op, 'seq_reused', now);
    return rejected(op, 'seq_reused', `seq ${op.seq} was already used by another operation`, true);
  }

  let outcome: OpOutcome;
  let quarantined = false;
  if (serverPayloadHash(op.payload) !== op.payloadHash) {
    await quarantine(trx, scope, installId, op, 'hash_mismatch', now);
    quarantined = true;
    outcome = { outcome: 'rejected', reason: 'hash_mismatch', detail: 'payload does not match its hash' };
  } else {
    outcome = await runCommand(trx, scope, op, now);
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
    : rejected(op, outcome.reason, outcome.detail, quarantined);
}

async function runCommand(
  trx: Kysely<Database>,
  scope: DeviceScope,
  op: OutboxOp,
  now: string,
): Promise<OpOutcome> {
  const parsed = parseOperationPayload(op.kind, op.schemaVersion, op.payload);
  if (!parsed.ok) return { outcome: 'rejected', reason: parsed.reason, detail: parsed.detail };
  switch (parsed.kind) {
    case 'sale.record':
      return applySale(trx, scope, op.opId, parsed.payload, now);
    default:
      return assertNever(parsed.kind);
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
