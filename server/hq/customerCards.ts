import type { Db } from '../db/connect';
import { clusterMembers } from '../identity/graph';

export type CustomerCard = {
  number: string;
  status: 'active' | 'blocked';
  issuedAt: string;
  /** The store that issued it at a till; null for a card loaded or replaced at HQ. */
  issuedStore: string | null;
  /** HQ's last change of its status: why, by whom, and the card that replaced it. */
  lastChange: null | {
    status: 'active' | 'blocked';
    reason: string;
    replacedBy: string | null;
    byName: string | null;
    at: string;
  };
};

/** The cards of a customer's whole cluster, newest issued first, each with HQ's last change. */
export async function customerCards(db: Db, customerId: string): Promise<CustomerCard[] | null> {
  const k = db.kysely;
  const head = await k
    .selectFrom('customers')
    .select(['id', 'merged_into'])
    .where('id', '=', customerId)
    .executeTakeFirst();
  if (!head) return null;
  const members = await clusterMembers(k, [head.merged_into ?? head.id]);
  const cards = await k
    .selectFrom('cards')
    .leftJoin('stores', 'stores.id', 'cards.issued_store_id')
    .select(['cards.number', 'cards.status', 'cards.issued_at', 'stores.name as store_name'])
    .where('cards.customer_id', 'in', members)
    .orderBy('cards.issued_at', 'desc')
    .orderBy('cards.number')
    .execute();
  if (cards.length === 0) return [];
  const changes = await k
    .selectFrom('card_status_changes as c')
    .leftJoin('hq_users as u', 'u.id', 'c.changed_by')
    .select(['c.card_number', 'c.status', 'c.reason', 'c.replaced_by', 'c.changed_at', 'u.name'])
    .where(
      'c.card_number',
      'in',
      cards.map((c) => c.number),
    )
    .orderBy('c.id', 'desc')
    .execute();
  return cards.map((card) => {
    const last = changes.find((c) => c.card_number === card.number);
    return {
      number: card.number,
      status: card.status,
      issuedAt: card.issued_at,
      issuedStore: card.store_name,
      lastChange: last
        ? {
            status: last.status,
            reason: last.reason,
            replacedBy: last.replaced_by,
            byName: last.name,
            at: last.changed_at,
          }
        : null,
    };
  });
}
