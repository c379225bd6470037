import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { appendAudit } from './audit';
import { clusterMembers, profileHeads, rootOf } from './graph';
import { orderedPair } from './merge';
import { inTransaction } from './tx';

export type UnmergeResult =
  | { ok: true; survivorId: string; restoredId: string; restoredProfiles: string[] }
  | { ok: false; reason: 'not_found' | 'already_undone' };

/**
 * Undoes one merge: the merged profile and every profile that had been merged into it before
 * point at it again, as they did before the merge; the survivor keeps the rest. Identifiers never
 * move (each stays with the profile it first joined), so every sale, order and event that kept its
 * identifier or its profile id follows its profile back without being rewritten. The pair is kept
 * apart from then on, so the next sale with both values does not merge them again.
 */
export async function unmerge(
  db: Kysely<Database>,
  mergeId: string,
  hqUserId: string,
  reason: string,
): Promise<UnmergeResult> {
  return inTransaction(db, async (trx) => {
    const merge = await trx
      .selectFrom('identity_merges')
      .selectAll()
      .where('id', '=', mergeId)
      .executeTakeFirst();
    if (!merge) return { ok: false, reason: 'not_found' };
    if (merge.undone_at !== null) return { ok: false, reason: 'already_undone' };
    const at = new Date().toISOString();
    const head = (await profileHeads(trx, [merge.survivor_id])).get(merge.survivor_id);
    if (!head) return { ok: false, reason: 'not_found' };
    const members = await clusterMembers(trx, [rootOf(head)]);
    const active = await trx
      .selectFrom('identity_merges')
      .select(['id', 'survivor_id', 'merged_id'])
      .where('survivor_id', 'in', members)
      .where('undone_at', 'is', null)
      .execute();
    const children = new Map<string, string[]>();
    for (const m of active) {
      if (m.id === merge.id) continue;
      children.set(m.survivor_id, [...(children.get(m.survivor_id) ?? []), m.merged_id]);
    }
    // The merges recorded under the merged profile before this one: its own earlier cluster.
    const restored: string[] = [];
    const stack = [merge.merged_id];
    while (stack.length > 0) {
      const id = stack.pop() as string;
      restored.push(id);
      stack.push(...(children.get(id) ?? []));
    }
    await trx.updateTable('customers').set({ merged_into: null }).where('id', '=', merge.merged_id).execute();
    const below = restored.filter((id) => id !== merge.merged_id);
    if (below.length > 0) {
      await trx
        .updateTable('customers')
        .set({ merged_into: merge.merged_id })
        .where('id', 'in', below)
        .execute();
    }
    await trx
      .updateTable('identity_merges')
      .set({ undone_at: at, undone_by: hqUserId })
      .where('id', '=', merge.id)
      .execute();
    const [a, b] = orderedPair(merge.survivor_id, merge.merged_id);
    await trx
      .insertInto('identity_apart')
      .values({ customer_a: a, customer_b: b, decided_by: hqUserId, created_at: at })
      .onConflict((oc) => oc.columns(['customer_a', 'customer_b']).doNothing())
      .execute();
    await appendAudit(
      trx,
      [
        {
          kind: 'split',
          customer_id: merge.survivor_id,
          other_customer_id: merge.merged_id,
          evidence: 'hq_manual',
          source_ref: `merge:${merge.id}`,
          reason: reason || null,
          actor: hqUserId,
        },
      ],
      at,
    );
    return { ok: true, survivorId: rootOf(head), restoredId: merge.merged_id, restoredProfiles: restored };
  });
}
