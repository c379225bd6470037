import { sql, type Kysely } from 'kysely';
import type { OutboxOp } from '../../shared/sync/protocol';
import type { Database } from '../db/schema';

/**
 * After this many unexpected server errors an operation is set aside (quarantined with its payload
 * and answered `rejected`), so one poison operation cannot hold back every later sale of its till.
 */
export const SET_ASIDE_AFTER_FAILURES = 5;

/**
 * Counts one more unexpected failure of an operation and returns the count so far. Written in the
 * batch's transaction after the failed operation's savepoint was rolled back, so the count commits
 * with the rest of the batch; the upsert is the arbiter when several server processes fail on the
 * same operation at once.
 */
export async function countFailure(
  trx: Kysely<Database>,
  deviceId: string,
  installId: string,
  op: OutboxOp,
  message: string,
  now: string,
): Promise<number> {
  const row = await trx
    .insertInto('op_failures')
    .values({
      op_id: op.opId,
      device_id: deviceId,
      install_id: installId,
      seq: op.seq,
      attempts: 1,
      last_error: message,
      first_failed_at: now,
      last_failed_at: now,
    })
    .onConflict((oc) =>
      oc.column('op_id').doUpdateSet({
        attempts: sql<number>`op_failures.attempts + 1`,
        last_error: message,
        last_failed_at: now,
      }),
    )
    .returning('attempts')
    .executeTakeFirstOrThrow();
  return Number(row.attempts);
}

/** The first line of an error's message, bounded: never a stack, never a page of driver output. */
export function errorSummary(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 299)}…` : line || 'unknown error';
}
