import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { appendAudit } from './audit';
import { profileHeads, rootOf } from './graph';
import { mergeClusters, orderedPair } from './merge';
import { inTransaction } from './tx';

/**
 * The review queue, oldest first, paged by id (UUIDv7, so in the order reviews were queued):
 * each refused merge with its reason, evidence and the two profiles as they are now.
 */
export async function listReviews(
  db: Kysely<Database>,
  input: { status: 'open' | 'merged' | 'kept_apart'; after?: string; limit: number },
) {
  let q = db.selectFrom('identity_reviews').selectAll().where('status', '=', input.status);
  if (input.after) q = q.where('id', '>', input.after);
  const rows = await q
    .orderBy('id')
    .limit(input.limit + 1)
    .execute();
  const page = rows.slice(0, input.limit);
  const heads = await profileHeads(
    db,
    page.flatMap((r) => [r.customer_id, r.other_customer_id]),
  );
  const names = await profileNames(
    db,
    [...heads.values()].map((h) => rootOf(h)),
  );
  const side = (id: string) => {
    const head = heads.get(id);
    const current = head ? rootOf(head) : id;
    return { customerId: id, currentCustomerId: current, displayName: names.get(current) ?? '' };
  };
  return {
    reviews: page.map((r) => ({
      reviewId: r.id,
      reason: r.reason,
      evidence: r.evidence,
      sourceRef: r.source_ref,
      identifierId: r.identifier_id,
      status: r.status,
      createdAt: r.created_at,
      resolvedAt: r.resolved_at,
      resolvedBy: r.resolved_by,
      a: side(r.customer_id),
      b: side(r.other_customer_id),
    })),
    nextAfter: rows.length > input.limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}

async function profileNames(db: Kysely<Database>, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('customers')
    .select(['id', 'display_name'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

export type ResolveResult =
  | { ok: true; status: 'merged' | 'kept_apart'; customerId: string | null }
  | { ok: false; reason: 'not_found' | 'already_resolved' | 'erased' };

/**
 * HQ's decision on a review. `merge` joins the two clusters whatever the guardrails said (a person
 * looked at the evidence); the merge is logged as HQ's and can be undone like any other. `keep_apart`
 * records the pair as different people, so no later observation merges them.
 */
export async function resolveReview(
  db: Kysely<Database>,
  reviewId: string,
  decision: 'merge' | 'keep_apart',
  hqUserId: string,
): Promise<ResolveResult> {
  return inTransaction(db, async (trx) => {
    const review = await trx
      .selectFrom('identity_reviews')
      .selectAll()
      .where('id', '=', reviewId)
      .executeTakeFirst();
    if (!review) return { ok: false, reason: 'not_found' };
    if (review.status !== 'open') return { ok: false, reason: 'already_resolved' };
    const heads = await profileHeads(trx, [review.customer_id, review.other_customer_id]);
    if ([...heads.values()].some((h) => h.erased_at !== null)) return { ok: false, reason: 'erased' };
    const at = new Date().toISOString();
    let customerId: string | null = null;
    if (decision === 'merge') {
      const merged = await mergeClusters(
        trx,
        [review.customer_id, review.other_customer_id],
        { evidence: 'hq_manual', sourceRef: `review:${review.id}`, decidedBy: hqUserId },
        at,
        { bypassGuardrails: true },
      );
      customerId = merged.ok ? merged.survivorId : null;
    } else {
      const [a, b] = orderedPair(review.customer_id, review.other_customer_id);
      await trx
        .insertInto('identity_apart')
        .values({ customer_a: a, customer_b: b, decided_by: hqUserId, created_at: at })
        .onConflict((oc) => oc.columns(['customer_a', 'customer_b']).doNothing())
        .execute();
      await appendAudit(
        trx,
        [
          {
            kind: 'kept_apart',
            customer_id: a,
            other_customer_id: b,
            evidence: 'hq_manual',
            source_ref: `review:${review.id}`,
            actor: hqUserId,
          },
        ],
        at,
      );
    }
    const status = decision === 'merge' ? 'merged' : 'kept_apart';
    await trx
      .updateTable('identity_reviews')
      .set({ status, resolved_at: at, resolved_by: hqUserId })
      .where('id', '=', review.id)
      .execute();
    return { ok: true, status, customerId };
  });
}
