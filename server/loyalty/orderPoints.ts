import type { Kysely } from 'kysely';
import { pointsEarned } from '../../shared/loyalty';
import type { Database, Row } from '../db/schema';
import { clusterMembers } from '../identity/graph';
import { orderSurvivor } from '../identity/orderCustomer';
import { partLines } from '../pickup/parts';
import { latestLoyaltyConfig } from './configs';
import { appendEntry, reverseEntry, type LedgerEntry } from './ledger';
import { earnBasis } from './orderBasis';
import { publishCustomerSummary, tierCodeFor } from './summary';

type Earn = { customerId: string; cardNumber: string; points: number; spendMinor: number };

/**
 * Brings an online order's points in line with the order as it stands now, in the caller's
 * transaction (docs/webshop-ingestion.md §9). Called wherever an order can change what it earns: a
 * delivery from the shop (paid, cancelled, a new total, lines moved) and a hand-out at a desk
 * (goods handed over, a card scanned). Safe to call any number of times: while the order's card
 * holder and the money it earns on stay the same, nothing is written. When either changes, the
 * earn standing is reversed (points and the spend it counted) and a new one written, so the
 * ledger tells the story forwards. Returns the customers whose balance moved.
 */
export async function settleOrderPoints(
  trx: Kysely<Database>,
  orderId: string,
  now: string,
): Promise<string[]> {
  const order = await trx.selectFrom('web_orders').selectAll().where('id', '=', orderId).executeTakeFirst();
  if (!order || order.total_minor === null) return [];
  const current = await standingEarn(trx, orderId);
  const wanted = await wantedEarn(trx, order, current);
  if (sameEarn(current, wanted)) return [];

  const moved = new Set<string>();
  if (current) {
    const reversed = await reverseEntry(trx, { entryId: current.id, sourceId: `order:${orderId}` }, now);
    if (!reversed.ok) throw new Error(`order ${orderId}: its earn cannot be reversed (${reversed.reason})`);
    if (current.customer_id !== null) moved.add(current.customer_id);
  }
  if (wanted) {
    const earlier = await trx
      .selectFrom('loyalty_ledger')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('order_id', '=', orderId)
      .where('kind', '=', 'earn')
      .executeTakeFirstOrThrow();
    await appendEntry(
      trx,
      {
        ...wanted,
        kind: 'earn',
        // `(source_id, kind)` is unique: each earn of the order is numbered.
        sourceId: `order:${orderId}:${Number(earlier.n) + 1}`,
        orderId,
      },
      now,
    );
    moved.add(wanted.customerId);
  }
  for (const customerId of moved) await publishCustomerSummary(trx, customerId, now);
  return [...moved];
}

/** The order's earn that no reversal has undone yet: at most one at any time. */
async function standingEarn(trx: Kysely<Database>, orderId: string): Promise<LedgerEntry | null> {
  const entry = await trx
    .selectFrom('loyalty_ledger as e')
    .selectAll('e')
    .where('e.order_id', '=', orderId)
    .where('e.kind', '=', 'earn')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('loyalty_ledger as r').select('r.id').whereRef('r.reverses_entry_id', '=', 'e.id'),
        ),
      ),
    )
    .executeTakeFirst();
  return entry ?? null;
}

type OrderRow = Row<'web_orders'>;

/**
 * What the order should have earned, for whom: nothing without loyalty rules in the order's
 * currency, without a card holder, or with nothing to earn on. Points are priced at the holder's
 * tier without this order's own spend (an order does not lift itself into a better tier).
 */
async function wantedEarn(
  trx: Kysely<Database>,
  order: OrderRow,
  current: LedgerEntry | null,
): Promise<Earn | null> {
  const config = await latestLoyaltyConfig(trx);
  if (!config || order.currency !== config.currency) return null;
  // Until a person says which store picks it up, no one knows which lines wait for a desk.
  if (order.review_reason !== null) return null;
  const parts = await trx
    .selectFrom('pickup_parts')
    .select(['status', 'lines'])
    .where('order_id', '=', order.id)
    .execute();
  const basis = earnBasis(
    {
      paid: order.paid === 1,
      cancelled: order.cancelled === 1,
      platformStatus: order.platform_status,
      totalMinor: Number(order.total_minor),
    },
    parts.map((p) => ({ status: p.status, lines: partLines(p) })),
  );
  if (basis <= 0) return null;
  const holder = await orderCardHolder(trx, order);
  if (!holder) return null;
  // Unchanged customer and basis: the earn stands as written, even if the tier has moved since or
  // the card was replaced (points belong to the customer, not the card).
  if (current && current.customer_id === holder.customerId && Number(current.spend_minor) === basis)
    return {
      customerId: holder.customerId,
      cardNumber: current.card_number ?? holder.cardNumber,
      points: Number(current.points),
      spendMinor: basis,
    };
  const account = await trx
    .selectFrom('loyalty_accounts')
    .select('lifetime_spend_minor')
    .where('customer_id', '=', holder.customerId)
    .executeTakeFirst();
  const ownSpend = current?.customer_id === holder.customerId ? Number(current.spend_minor ?? 0) : 0;
  const spend = Number(account?.lifetime_spend_minor ?? 0) - ownSpend;
  return {
    customerId: holder.customerId,
    cardNumber: holder.cardNumber,
    points: pointsEarned(config, tierCodeFor(config, spend), basis),
    spendMinor: basis,
  };
}

function sameEarn(current: LedgerEntry | null, wanted: Earn | null): boolean {
  if (!current || !wanted) return current === wanted;
  return (
    current.customer_id === wanted.customerId &&
    current.card_number === wanted.cardNumber &&
    Number(current.points) === wanted.points &&
    Number(current.spend_minor) === wanted.spendMinor
  );
}

/**
 * The loyalty card the order earns on: the one a desk scanned at hand-out, else a card of the
 * customer the graph finds for the order, an active one before a blocked one, the newest issued
 * first. A blocked card still names its customer: points belong to the customer, and a lost
 * card's points wait for its replacement (docs/operations.md §19).
 */
async function orderCardHolder(
  trx: Kysely<Database>,
  order: OrderRow,
): Promise<{ customerId: string; cardNumber: string } | null> {
  if (order.card_number !== null) {
    const card = await trx
      .selectFrom('cards')
      .select(['number', 'customer_id'])
      .where('number', '=', order.card_number)
      .executeTakeFirst();
    return card ? { customerId: card.customer_id, cardNumber: card.number } : null;
  }
  const survivor = await orderSurvivor(trx, order);
  if (survivor === null) return null;
  const members = await clusterMembers(trx, [survivor]);
  const cards = await trx
    .selectFrom('cards')
    .select(['number', 'customer_id', 'status'])
    .where('customer_id', 'in', members)
    .orderBy('issued_at', 'desc')
    .orderBy('number')
    .execute();
  const card = cards.find((c) => c.status === 'active') ?? cards[0];
  return card ? { customerId: card.customer_id, cardNumber: card.number } : null;
}
