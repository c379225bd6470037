import type { Kysely } from 'kysely';
import { uuidv7 } from '../../shared/domain/uuidv7';
import type { Database } from '../db/schema';
import { appendAudit } from './audit';
import { clusterMembers, identifiersOf, oldestFirst, profileHeads, rootOf } from './graph';
import { mergeRefusal, type MergeRefusal } from './guardrails';

export type MergeCause = { evidence: string; sourceRef: string; decidedBy: string | null };
export type MergeResult =
  | { ok: true; survivorId: string }
  | { ok: false; reason: MergeRefusal | 'kept_apart'; reviewId: string | null };

/** The pair as `identity_apart` and the review queue store it: smaller id first. */
export function orderedPair(a: string, b: string): [string, string] {
  return a < b ? [a, b] : [b, a];
}

/**
 * Merges the clusters of `roots` into the oldest one, unless a guardrail refuses; a refusal is
 * logged and, unless HQ already decided the pair, queued for review. The survivor's `merged_into`
 * stays null and every merged profile points straight at it.
 */
export async function mergeClusters(
  trx: Kysely<Database>,
  roots: readonly string[],
  cause: MergeCause,
  at: string,
  options: { bypassGuardrails?: boolean } = {},
): Promise<MergeResult> {
  const heads = await profileHeads(trx, roots);
  const ordered = [...new Set([...heads.values()].map((h) => rootOf(h)))]
    .map((id) => heads.get(id))
    .filter((h) => h !== undefined)
    .sort(oldestFirst);
  const survivor = ordered[0];
  if (!survivor) throw new Error('merge of no profiles');
  if (ordered.length === 1) return { ok: true, survivorId: survivor.id };

  const memberLists = await Promise.all(ordered.map((h) => clusterMembers(trx, [h.id])));
  const allMembers = memberLists.flat();
  const apart = await trx
    .selectFrom('identity_apart')
    .select(['customer_a', 'customer_b'])
    .where('customer_a', 'in', allMembers)
    .where('customer_b', 'in', allMembers)
    .execute();
  const clusterIndex = new Map(
    memberLists.flatMap((members, index) => members.map((m) => [m, index] as const)),
  );
  const keptApart = apart.some((p) => clusterIndex.get(p.customer_a) !== clusterIndex.get(p.customer_b));
  if (keptApart && !options.bypassGuardrails) {
    await appendAudit(
      trx,
      ordered.slice(1).map((h) => ({
        kind: 'refused',
        customer_id: survivor.id,
        other_customer_id: h.id,
        evidence: cause.evidence,
        source_ref: cause.sourceRef,
        reason: 'kept_apart',
        actor: cause.decidedBy,
      })),
      at,
    );
    return { ok: false, reason: 'kept_apart', reviewId: null };
  }

  const clusters = await Promise.all(memberLists.map((members) => identifiersOf(trx, members)));
  const refusal = options.bypassGuardrails ? null : mergeRefusal(clusters, allMembers.length, at);
  if (refusal) {
    const other = ordered[1];
    if (!other) throw new Error('unreachable: two clusters');
    const reviewId = await queueReview(trx, survivor.id, other.id, refusal, cause, at);
    await appendAudit(
      trx,
      ordered.slice(1).map((h) => ({
        kind: 'refused',
        customer_id: survivor.id,
        other_customer_id: h.id,
        evidence: cause.evidence,
        source_ref: cause.sourceRef,
        reason: refusal,
        actor: cause.decidedBy,
      })),
      at,
    );
    return { ok: false, reason: refusal, reviewId };
  }

  for (const merged of ordered.slice(1)) {
    await trx
      .updateTable('customers')
      .set({ merged_into: survivor.id })
      .where((eb) => eb.or([eb('id', '=', merged.id), eb('merged_into', '=', merged.id)]))
      .execute();
    await trx
      .insertInto('identity_merges')
      .values({
        id: uuidv7(),
        survivor_id: survivor.id,
        merged_id: merged.id,
        evidence: cause.evidence,
        source_ref: cause.sourceRef,
        decided_by: cause.decidedBy,
        created_at: at,
        undone_at: null,
        undone_by: null,
      })
      .execute();
  }
  await appendAudit(
    trx,
    ordered.slice(1).map((h) => ({
      kind: 'merged',
      customer_id: survivor.id,
      other_customer_id: h.id,
      evidence: cause.evidence,
      source_ref: cause.sourceRef,
      actor: cause.decidedBy,
    })),
    at,
  );
  return { ok: true, survivorId: survivor.id };
}

/** An open review for the pair and reason, reused so a repeated observation does not pile them up. */
export async function queueReview(
  trx: Kysely<Database>,
  a: string,
  b: string,
  reason: string,
  cause: Omit<MergeCause, 'decidedBy'>,
  at: string,
  identifierId: string | null = null,
): Promise<string> {
  const [first, second] = orderedPair(a, b);
  const open = await trx
    .selectFrom('identity_reviews')
    .select('id')
    .where('customer_id', '=', first)
    .where('other_customer_id', '=', second)
    .where('status', '=', 'open')
    .where('reason', '=', reason)
    .executeTakeFirst();
  if (open) return open.id;
  const id = uuidv7();
  await trx
    .insertInto('identity_reviews')
    .values({
      id,
      reason,
      customer_id: first,
      other_customer_id: second,
      identifier_id: identifierId,
      evidence: cause.evidence,
      source_ref: cause.sourceRef,
      status: 'open',
      created_at: at,
      resolved_at: null,
      resolved_by: null,
    })
    .execute();
  return id;
}
