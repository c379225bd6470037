import type { Kysely } from 'kysely';
import { assertNever } from '../../../shared/domain/assertNever';
import { opOutcomeSchema, type OpOutcome, type OpResult, type OutboxOp } from '../../../shared/sync/protocol';
import { parseJsonText } from '../../../shared/validation';
import type { Database } from '../../db/schema';
import type { Refusal } from '../admission';
import type { ApplyContext, DeviceScope } from '../applySale';
import { commandFor } from '../commands';
import { hashMatches, oversized, parsedPayload, unstorableText } from './opChecks';
import { quarantine } from './quarantine';

/** A concurrent push moved the stream between our read and our write; look again. */
export class StreamMoved extends Error {}

/**
 * How an operation is to be applied: its command runs; or it is set aside after repeated failures;
 * or it is refused because the database itself refused one of its values.
 */
export type Mode =
  { run: 'command' } | { run: 'setAside'; detail: string } | { run: 'refuse'; refusal: Refusal };

/** What the push knows about the request and the stream an operation came in. */
export type OpContext = { scope: DeviceScope; installId: string; clockSuspect: boolean };

/**
 * Applies one operation inside the caller's transaction (or savepoint), the steps of
 * docs/sync-protocol.md §4.2: the stored result for a known `opId`, `gap` ahead of the stream, a
 * refusal for a taken `seq`, then the checks and the command, recorded in `applied_ops` with the
 * stream advanced by one. Throws when the database refuses or the stream moved under it: the caller
 * rolls back what this wrote and decides the answer.
 */
export async function applyOne(
  trx: Kysely<Database>,
  ctx: OpContext,
  op: OutboxOp,
  mode: Mode,
): Promise<OpResult> {
  const { scope, installId } = ctx;
  const now = new Date().toISOString();
  const next = await streamNextSeq(trx, scope.deviceId, installId);
  // First, before anything walks the payload recursively (the hash, a quarantined copy).
  const tooBig = oversized(op);
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
  } else if (!hashMatches(op)) {
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
    outcome = await runCommand(trx, scope, op, { receivedAt: now, clockSuspect: ctx.clockSuspect });
  }

  await trx
    .insertInto('applied_ops')
    .values(appliedOpRow(ctx, op, outcome, now))
    .execute();
  await advanceStream(trx, scope.deviceId, installId, op.seq);

  return outcome.outcome === 'applied'
    ? { opId: op.opId, seq: op.seq, status: 'applied', outcome }
    : rejected(op, outcome.reason, outcome.detail, outcome.quarantined ?? false);
}

/** The `applied_ops` row that records an operation's first outcome, for every later resend. */
export function appliedOpRow(ctx: OpContext, op: OutboxOp, outcome: OpOutcome, now: string) {
  return {
    op_id: op.opId,
    device_id: ctx.scope.deviceId,
    install_id: ctx.installId,
    seq: op.seq,
    kind: op.kind,
    schema_version: op.schemaVersion,
    payload_hash: op.payloadHash,
    status: outcome.outcome,
    result: JSON.stringify(outcome),
    wall_time: op.wallTime,
    received_at: now,
  };
}

async function runCommand(
  trx: Kysely<Database>,
  scope: DeviceScope,
  op: OutboxOp,
  context: ApplyContext,
): Promise<OpOutcome> {
  const parsed = parsedPayload(op);
  if (!parsed.ok) return { outcome: 'rejected', reason: parsed.reason, detail: parsed.detail };
  const unstorable = unstorableText(op, parsed);
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

export async function streamNextSeq(trx: Kysely<Database>, deviceId: string, installId: string) {
  const row = await trx
    .selectFrom('device_streams')
    .select('next_seq')
    .where('device_id', '=', deviceId)
    .where('install_id', '=', installId)
    .executeTakeFirstOrThrow();
  return Number(row.next_seq);
}

/** Moves the stream from `seq` to the one after `lastSeq`; the condition decides races. */
export async function advanceStream(
  trx: Kysely<Database>,
  deviceId: string,
  installId: string,
  seq: number,
  lastSeq = seq,
) {
  const updated = await trx
    .updateTable('device_streams')
    .set({ next_seq: lastSeq + 1 })
    .where('device_id', '=', deviceId)
    .where('install_id', '=', installId)
    .where('next_seq', '=', seq)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new StreamMoved();
}

export function rejected(
  op: OutboxOp,
  reason: string,
  detail: string | undefined,
  quarantined: boolean,
): OpResult {
  return {
    opId: op.opId,
    seq: op.seq,
    status: 'rejected',
    reason,
    quarantined,
    ...(detail ? { detail } : {}),
  };
}
