import type { IdentifierTypeColumn } from '../db/schema';
import type { ClusterIdentifier } from './graph';

/**
 * The guardrails' numbers (docs/identity.md §4). Retail clusters are small: a person has a few
 * cards, phones and emails, so a cluster beyond these is far more likely to be strangers joined by
 * a shared value than one customer.
 */
export const LIMITS = {
  perType: { card: 5, phone: 3, email: 5, shop_account: 3, visitor: 10 } satisfies Record<
    IdentifierTypeColumn,
    number
  >,
  /** Visitor ids expire with their cookie: only those seen in this window count towards the limit. */
  visitorWindowDays: 90,
  clusterIdentifiers: 50,
  clusterProfiles: 20,
  /** Refusals of one value held by another profile before HQ is asked to look at it. */
  sharedValueReviewAfter: 3,
  /** Sales with one card within a day beyond which it is a shared card (house card, staff card). */
  sharedCardSalesPerDay: 10,
} as const;

export type MergeRefusal = 'unique_conflict' | 'type_limit' | 'cluster_cap';

/**
 * Values of these types are one per person: two profiles holding different ones are never merged.
 * A shop account only within its shop (`<connectionId>:<id>`); a phone or email only when verified,
 * since a typed one may be a spouse's. Cards are not: a person may hold several.
 */
export function uniqueKeyOf(
  identifier: Pick<ClusterIdentifier, 'type' | 'value' | 'verified'>,
): string | null {
  switch (identifier.type) {
    case 'shop_account':
      return `shop_account:${identifier.value.slice(0, identifier.value.indexOf(':'))}`;
    case 'phone':
    case 'email':
      return identifier.verified ? identifier.type : null;
    case 'card':
    case 'visitor':
      return null;
  }
}

/** Whether a type's count in `identifiers` stays within its limit (visitors within their window). */
export function withinTypeLimits(
  identifiers: readonly ClusterIdentifier[],
  now: string,
): IdentifierTypeColumn | null {
  const since = new Date(Date.parse(now) - LIMITS.visitorWindowDays * 86_400_000).toISOString();
  const counts = new Map<IdentifierTypeColumn, number>();
  for (const i of identifiers) {
    if (i.type === 'visitor' && i.last_seen_at < since) continue;
    counts.set(i.type, (counts.get(i.type) ?? 0) + 1);
  }
  for (const [type, count] of counts) if (count > LIMITS.perType[type]) return type;
  return null;
}

/**
 * Whether the clusters (each a list of its identifiers) may become one, checked in the order
 * docs/identity.md §4 gives: unique identifiers, per-type limits, the cluster cap.
 */
export function mergeRefusal(
  clusters: readonly (readonly ClusterIdentifier[])[],
  profileCount: number,
  now: string,
): MergeRefusal | null {
  const owner = new Map<string, number>();
  for (const [index, cluster] of clusters.entries()) {
    for (const key of new Set(cluster.map(uniqueKeyOf))) {
      if (key === null) continue;
      const other = owner.get(key);
      if (other !== undefined && other !== index) return 'unique_conflict';
      owner.set(key, index);
    }
  }
  const all = clusters.flat();
  if (withinTypeLimits(all, now) !== null) return 'type_limit';
  if (all.length > LIMITS.clusterIdentifiers || profileCount > LIMITS.clusterProfiles) return 'cluster_cap';
  return null;
}
