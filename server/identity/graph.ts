import type { Kysely } from 'kysely';
import type { Database, Row } from '../db/schema';

export type ProfileHead = {
  id: string;
  created_at: string;
  merged_into: string | null;
  erased_at: string | null;
};

/** Profiles by id, with where each one was merged to. */
export async function profileHeads(
  trx: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, ProfileHead>> {
  if (ids.length === 0) return new Map();
  const rows = await trx
    .selectFrom('customers')
    .select(['id', 'created_at', 'merged_into', 'erased_at'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** The surviving profile of a profile: `merged_into` is kept pointing at the final survivor. */
export function rootOf(head: ProfileHead): string {
  return head.merged_into ?? head.id;
}

/**
 * Survivorship: the oldest profile by server creation time, the smaller id on a tie, so the result
 * never depends on the order links arrived in.
 */
export function oldestFirst(
  a: Pick<ProfileHead, 'id' | 'created_at'>,
  b: Pick<ProfileHead, 'id' | 'created_at'>,
) {
  if (a.created_at !== b.created_at) return a.created_at < b.created_at ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Every profile of the clusters whose survivors are `roots` (the roots included). */
export async function clusterMembers(trx: Kysely<Database>, roots: readonly string[]): Promise<string[]> {
  if (roots.length === 0) return [];
  const merged = await trx
    .selectFrom('customers')
    .select('id')
    .where('merged_into', 'in', [...roots])
    .execute();
  return [...new Set([...roots, ...merged.map((r) => r.id)])];
}

/** An identifier as the graph stores it. */
export type ClusterIdentifier = Row<'identity_identifiers'>;

/** The identifiers whose home is one of `members`. */
export async function identifiersOf(
  trx: Kysely<Database>,
  members: readonly string[],
): Promise<ClusterIdentifier[]> {
  if (members.length === 0) return [];
  return trx
    .selectFrom('identity_identifiers')
    .select(['id', 'type', 'value', 'customer_id', 'verified', 'first_seen_at', 'last_seen_at'])
    .where('customer_id', 'in', [...members])
    .orderBy('first_seen_at')
    .orderBy('id')
    .execute();
}
