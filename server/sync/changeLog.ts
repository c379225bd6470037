import type { Kysely } from 'kysely';
import type { PullTopic } from '../../shared/sync/protocol';
import type { Database } from '../db/schema';

export type Change = { topic: PullTopic; entityId: string; storeId: string | null; data: unknown };

/**
 * Records changes that devices pull. Call it inside the transaction that changes the rows, so the
 * log and the data commit together.
 */
export async function appendChanges(trx: Kysely<Database>, changes: Change[], now: string): Promise<void> {
  if (changes.length === 0) return;
  // Chunked: SQLite allows at most 32,766 bound parameters per statement.
  for (let i = 0; i < changes.length; i += 1000) {
    await trx
      .insertInto('change_log')
      .values(changeRows(changes.slice(i, i + 1000), now))
      .execute();
  }
}

/** The `change_log` rows of some changes, for a caller that writes them its own way. */
export const changeRows = (changes: readonly Change[], now: string) =>
  changes.map((c) => ({
    topic: c.topic,
    entity_id: c.entityId,
    store_id: c.storeId,
    data: c.data === null ? null : JSON.stringify(c.data),
    created_at: now,
  }));
