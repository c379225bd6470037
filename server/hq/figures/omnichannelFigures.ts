import { sql } from 'kysely';
import type { Db } from '../../db/connect';
import { hoursBetween, spread, type Spread } from './leadTimes';
import { purchases } from './purchases';
import { monthsBetween } from '../../../shared/domain/figureMonths';

/** Sales, orders and customers of one month, or of the whole period. */
export type FigureCounts = {
  storeSales: number;
  /** Store sales of a known customer (card, or a receipt linked online later). */
  linkedSales: number;
  storeMinor: number;
  linkedMinor: number;
  /** Refunded at the tills, as a positive amount. */
  returnsMinor: number;
  onlineOrders: number;
  onlineMinor: number;
  /** Of `onlineMinor`, the parts to collect in a store (click-and-collect); the rest is delivered. */
  pickupMinor: number;
  /** Known customers who bought at least once, in a store or online. */
  activeCustomers: number;
  /** Of those, the ones who bought both in a store and online. */
  omnichannelCustomers: number;
  /** Of those, the ones who bought at least twice. */
  repeatCustomers: number;
};

export type LtvSegment = 'store' | 'online' | 'omnichannel';

export type OmnichannelFigures = {
  from: string;
  to: string;
  currency: string;
  /** Every currency the chain's stores sell in; figures are for one at a time. */
  currencies: string[];
  months: (FigureCounts & { month: string })[];
  period: FigureCounts;
  /**
   * Customers active in the period by where they buy, with their net spend (purchases less
   * refunds) over their whole history up to the period's end.
   */
  ltv: { segment: LtvSegment; customers: number; netMinor: number }[];
  /** Store parts of online orders collected (in whole or in part) in the period. */
  pickupLeadTime: {
    collected: number;
    placedToReady: Spread;
    readyToCollected: Spread;
    placedToCollected: Spread;
  };
  /** Sales and online orders of the period in other currencies, not counted above. */
  otherCurrency: { storeSales: number; onlineOrders: number };
};

const emptyCounts = (): FigureCounts => ({
  storeSales: 0,
  linkedSales: 0,
  storeMinor: 0,
  linkedMinor: 0,
  returnsMinor: 0,
  onlineOrders: 0,
  onlineMinor: 0,
  pickupMinor: 0,
  activeCustomers: 0,
  omnichannelCustomers: 0,
  repeatCustomers: 0,
});

/**
 * HQ's omnichannel figures for the months `from`..`to` (docs/operations.md §17): linked share,
 * channel mix, active, omnichannel and repeat customers, lifetime value by segment and pickup lead
 * time. Read-only; every sum is grouped in the database, so the rows that reach the server are a
 * few per month whatever the chain's size.
 */
export async function omnichannelFigures(
  db: Db,
  range: { from: string; to: string; currency?: string | undefined },
): Promise<OmnichannelFigures> {
  const k = db.kysely;
  const currencies = (
    await k
      .selectFrom('stores')
      .select((eb) => ['currency', eb.fn.countAll<number>().as('n')])
      .groupBy('currency')
      .orderBy('n', 'desc')
      .orderBy('currency')
      .execute()
  ).map((r) => r.currency);
  const currency = range.currency ?? currencies[0] ?? 'RUB';
  const { from, to } = range;
  const p = purchases(currency);
  const inPeriod = sql`month >= ${from} AND month <= ${to}`;

  const byMonth = new Map(monthsBetween(from, to).map((m) => [m, { month: m, ...emptyCounts() }]));
  const period = emptyCounts();

  const channelRows = await sql<{
    month: string;
    channel: 'store' | 'online' | 'return';
    n: number;
    amount: number;
    pickup: number;
    linked_n: number;
    linked_amount: number;
  }>`
    SELECT month, channel, count(*) AS n, sum(amount) AS amount, sum(pickup_amount) AS pickup,
      sum(CASE WHEN person IS NOT NULL THEN 1 ELSE 0 END) AS linked_n,
      sum(CASE WHEN person IS NOT NULL THEN amount ELSE 0 END) AS linked_amount
    FROM (${p}) purchases WHERE ${inPeriod} GROUP BY month, channel`.execute(k);
  for (const r of channelRows.rows) {
    for (const c of [byMonth.get(r.month), period]) {
      if (c === undefined) continue;
      if (r.channel === 'store') {
        c.storeSales += Number(r.n);
        c.linkedSales += Number(r.linked_n);
        c.storeMinor += Number(r.amount);
        c.linkedMinor += Number(r.linked_amount);
      } else if (r.channel === 'online') {
        c.onlineOrders += Number(r.n);
        c.onlineMinor += Number(r.amount);
        // A shop may put delivery or fees in the total that no store part carries, never the reverse.
        c.pickupMinor += Math.min(Number(r.pickup), Number(r.amount));
      } else {
        c.returnsMinor -= Number(r.amount);
      }
    }
  }

  // One row per customer and month (or per customer): where they bought, and how often.
  const perCustomer = (grouping: 'month' | 'period') => sql`
    SELECT ${grouping === 'month' ? sql`month` : sql`''`} AS month, person,
      sum(CASE WHEN channel = 'store' THEN 1 ELSE 0 END) AS store_n,
      sum(CASE WHEN channel = 'online' THEN 1 ELSE 0 END) AS online_n
    FROM (${p}) purchases
    WHERE ${inPeriod} AND person IS NOT NULL AND channel <> 'return'
    GROUP BY ${grouping === 'month' ? sql`month, person` : sql`person`}`;
  const customerCounts = (grouping: 'month' | 'period') =>
    sql<{ month: string; active: number; omni: number; repeaters: number }>`
      SELECT month, count(*) AS active,
        sum(CASE WHEN store_n > 0 AND online_n > 0 THEN 1 ELSE 0 END) AS omni,
        sum(CASE WHEN store_n + online_n >= 2 THEN 1 ELSE 0 END) AS repeaters
      FROM (${perCustomer(grouping)}) per_customer GROUP BY month`.execute(k);
  for (const r of (await customerCounts('month')).rows) {
    const c = byMonth.get(r.month);
    if (c === undefined) continue;
    c.activeCustomers = Number(r.active);
    c.omnichannelCustomers = Number(r.omni);
    c.repeatCustomers = Number(r.repeaters);
  }
  const whole = (await customerCounts('period')).rows[0];
  if (whole) {
    period.activeCustomers = Number(whole.active);
    period.omnichannelCustomers = Number(whole.omni);
    period.repeatCustomers = Number(whole.repeaters);
  }

  const ltvRows = await sql<{ segment: LtvSegment; customers: number; net: number }>`
    SELECT CASE WHEN store_n > 0 AND online_n > 0 THEN 'omnichannel' WHEN store_n > 0 THEN 'store' ELSE 'online' END
        AS segment,
      count(*) AS customers, sum(net) AS net
    FROM (
      SELECT person, sum(amount) AS net,
        sum(CASE WHEN channel = 'store' THEN 1 ELSE 0 END) AS store_n,
        sum(CASE WHEN channel = 'online' THEN 1 ELSE 0 END) AS online_n,
        sum(CASE WHEN channel <> 'return' AND ${inPeriod} THEN 1 ELSE 0 END) AS in_period
      FROM (${p}) purchases
      WHERE person IS NOT NULL AND month <= ${to}
      GROUP BY person
    ) lifetime
    WHERE in_period > 0
    GROUP BY CASE WHEN store_n > 0 AND online_n > 0 THEN 'omnichannel' WHEN store_n > 0 THEN 'store' ELSE 'online' END`.execute(
    k,
  );
  const ltv = (['omnichannel', 'store', 'online'] as const).map((segment) => {
    const r = ltvRows.rows.find((x) => x.segment === segment);
    return { segment, customers: Number(r?.customers ?? 0), netMinor: Number(r?.net ?? 0) };
  });

  const pickups = await sql<{ placed_at: string; ready_at: string | null; settled_at: string | null }>`
    SELECT o.placed_at, p.ready_at, p.settled_at
    FROM pickup_parts p JOIN web_orders o ON o.id = p.order_id
    WHERE p.status IN ('collected', 'partly_collected')
      AND substr(p.settled_at, 1, 7) >= ${from} AND substr(p.settled_at, 1, 7) <= ${to}`.execute(k);
  const hours = (pick: (r: (typeof pickups.rows)[number]) => number | null) =>
    pickups.rows.map(pick).filter((h): h is number => h !== null);

  const other = await sql<{ channel: string; n: number }>`
    SELECT 'store' AS channel, count(*) AS n FROM sales s
    WHERE s.currency <> ${currency}
      AND substr(CASE WHEN s.clock_suspect = 1 THEN s.received_at ELSE s.wall_time END, 1, 7) >= ${from}
      AND substr(CASE WHEN s.clock_suspect = 1 THEN s.received_at ELSE s.wall_time END, 1, 7) <= ${to}
    UNION ALL
    SELECT 'online', count(*) FROM web_orders o
    WHERE o.cancelled = 0 AND o.currency <> ${currency}
      AND substr(o.placed_at, 1, 7) >= ${from} AND substr(o.placed_at, 1, 7) <= ${to}`.execute(k);
  const otherOf = (channel: string) => Number(other.rows.find((r) => r.channel === channel)?.n ?? 0);

  return {
    from,
    to,
    currency,
    currencies: currencies.length > 0 ? currencies : [currency],
    months: [...byMonth.values()],
    period,
    ltv,
    pickupLeadTime: {
      collected: pickups.rows.length,
      placedToReady: spread(hours((r) => hoursBetween(r.placed_at, r.ready_at))),
      readyToCollected: spread(hours((r) => hoursBetween(r.ready_at, r.settled_at))),
      placedToCollected: spread(hours((r) => hoursBetween(r.placed_at, r.settled_at))),
    },
    otherCurrency: { storeSales: otherOf('store'), onlineOrders: otherOf('online') },
  };
}
