import type { Kysely } from 'kysely';
import type { OpResult, OutboxOp } from '../../../shared/sync/protocol';
import type { Database } from '../../db/schema';
import { codeOf, isDataException, isTransient, isUniqueViolation } from '../../db/errors';
import { logger } from '../../log';
import type { Refusal } from '../admission';
import { countFailure, errorSummary, SET_ASIDE_AFTER_FAILURES } from '../opFailures';
import { applyOne, StreamMoved, type Mode, type OpContext } from './applyOne';
import { BatchAborted, inSavepoint } from './transaction';

const MAX_ATTEMPTS = 4;

/**
 * Applies a batch's operations in `seq` order inside the batch's one transaction, each in its own
 * savepoint (docs/sync-protocol.md §14.1): an operation that fails is undone alone and gets its own
 * answer, and the operations before it keep their effects. After a `retry` or a `gap` the rest are
 * answered `retry` untried, since a later operation may depend on an earlier one.
 */
export async function applyInSavepoints(
  trx: Kysely<Database>,
  ctx: OpContext,
  ops: readonly OutboxOp[],
): Promise<OpResult[]> {
  const results: OpResult[] = [];
  let blocked = false;
  for (const op of ops) {
    if (blocked) {
      results.push({ opId: op.opId, seq: op.seq, status: 'retry', reason: 'after_earlier_failure' });
      continue;
    }
    const result = await applyWithRetry(trx, ctx, op, { run: 'command' });
    results.push(result);
    // Order matters per till (a pickup may depend on an earlier sale): stop at the first hole.
    if (result.status === 'retry' || result.status === 'gap') blocked = true;
  }
  return results;
}

async function applyWithRetry(
  trx: Kysely<Database>,
  ctx: OpContext,
  op: OutboxOp,
  mode: Mode,
): Promise<OpResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await inSavepoint(trx, () => applyOne(trx, ctx, op, mode));
    } catch (error) {
      if (error instanceof BatchAborted) throw error;
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
        return applyWithRetry(trx, ctx, op, { run: 'refuse', refusal });
      }
      logger.error({ err: error, opId: op.opId, kind: op.kind }, 'push: operation failed');
      if (mode.run === 'setAside') return serverError(op);
      return afterUnexpectedFailure(trx, ctx, op, errorSummary(error));
    }
  }
}

/**
 * Nothing of the failed operation was kept: its savepoint was rolled back. Its failure is counted
 * in the batch's transaction; while under the limit the till retries it, after that it is set
 * aside: quarantined with its payload, answered `rejected`, and given its seat in the stream so the
 * till's later operations go on. The sale it holds is not lost: the till keeps it in its rejected
 * list and HQ sees it in the quarantine.
 */
async function afterUnexpectedFailure(
  trx: Kysely<Database>,
  ctx: OpContext,
  op: OutboxOp,
  message: string,
): Promise<OpResult> {
  let attempts: number;
  try {
    const now = new Date().toISOString();
    attempts = await inSavepoint(trx, () =>
      countFailure(trx, ctx.scope.deviceId, ctx.installId, op, message, now),
    );
  } catch (error) {
    if (error instanceof BatchAborted) throw error;
    logger.error({ err: error, opId: op.opId }, 'push: could not count the failure of an operation');
    return serverError(op);
  }
  if (attempts < SET_ASIDE_AFTER_FAILURES) return serverError(op);
  const detail = `failed ${attempts} times on the server; last error: ${message}`;
  return applyWithRetry(trx, ctx, op, { run: 'setAside', detail });
}

const serverError = (op: OutboxOp): OpResult => ({
  opId: op.opId,
  seq: op.seq,
  status: 'retry',
  reason: 'server_error',
});
