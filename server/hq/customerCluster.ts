import type { Db } from '../db/connect';
import { clusterMembers, identifiersOf } from '../identity/graph';
import type { ClusterKeys } from './customerTimeline';

/**
 * The keys a customer's events are found by: the surviving profile of the one asked for, every
 * profile merged into it, and the identifiers whose home is one of them. Null for an unknown or
 * erased customer. A merged profile's id answers for its survivor, so an old link still opens
 * the whole person.
 */
export async function customerCluster(
  db: Db,
  customerId: string,
): Promise<(ClusterKeys & { survivorId: string }) | null> {
  const head = await db.kysely
    .selectFrom('customers')
    .select(['id', 'merged_into', 'erased_at'])
    .where('id', '=', customerId)
    .executeTakeFirst();
  if (!head || head.erased_at !== null) return null;
  const survivorId = head.merged_into ?? head.id;
  const members = await clusterMembers(db.kysely, [survivorId]);
  const identifiers = await identifiersOf(db.kysely, members);
  const of = (type: string) => identifiers.filter((i) => i.type === type).map((i) => i.value);
  return {
    survivorId,
    customerIds: members,
    cards: of('card'),
    visitorIds: of('visitor'),
    emails: of('email'),
    phones: of('phone'),
    shopAccounts: of('shop_account'),
  };
}
