import { sql } from 'kysely';
import type { Db } from '../../db/connect';
import { hoursBetween, spread, type Spread } from './leadTimes';
import { purchases } from './purchases';
import { readOffMainThread } from '../../db/readOffMainThread';
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
  const byMonth = new Map(monthsBetween(from, to).map((m) => [m, { month: m, ...emptyCounts() }]));
  const period = emptyCounts();
  const ltvCounts = new Map<string, { customers: number; net: number }>();
  for (const r of await readOffMainThread(db, figureRows(currency, from, to).compile(k))) {
    const n = Number(r.n);
    const a = Number(r.a);
    if (r.kind === 'channel') {
      for (const c of [byMonth.get(r.month), period]) {
        if (c === undefined) continue;
        if (r.label === 'store') {
          c.storeSales += n;
          c.storeMinor += a;
          c.linkedSales += Number(r.c);
          c.linkedMinor += Number(r.d);
        } else if (r.label === 'online') {
          c.onlineOrders += n;
          c.onlineMinor += a;
          // A shop may put delivery or fees in the total that no store part carries, never the reverse.
          c.pickupMinor += Math.min(Number(r.b), a);
        } else {
          c.returnsMinor -= a;
        }
      }
    } else if (r.kind === 'customers') {
      const c = r.month === '' ? period : byMonth.get(r.month);
      if (c === undefined) continue;
      c.activeCustomers = n;
      c.omnichannelCustomers = a;
      c.repeatCustomers = Number(r.b);
    } else {
      ltvCounts.set(r.label, { customers: n, net: a });
    }
  }
  const ltv = (['omnichannel', 'store', 'online'] as const).map((segment) => ({
    segment,
    customers: ltvCounts.get(segment)?.customers ?? 0,
    netMinor: ltvCounts.get(segment)?.net ?? 0,
  }));

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

type FigureRow = {
  /** `channel`: a month's purchases of one channel; `customers`: a month's (or, month '', the period's) customers; `ltv`: a segment. */
  kind: 'channel' | 'customers' | 'ltv';
  month: string;
  /** The channel (`store`, `online`, `return`) or the segment. */
  label: string;
  n: number;
  a: number;
  b: number;
  c: number;
  d: number;
};

/**
 * Every figure in one statement, so the purchases are read and resolved to customers once:
 * `p` is every purchase up to the period's end (lifetime value needs the history), `pm` each
 * customer's purchases and net spend by month, and the four answers are grouped from those.
 * Columns by kind: channel n purchases, a amount, b pickup amount, c linked purchases, d linked
 * amount; customers n active, a omnichannel, b repeat; ltv n customers, a net spend.
 */
function figureRows(currency: string, from: string, to: string) {
  return sql<FigureRow>`
    WITH p AS MATERIALIZED (
      SELECT * FROM (${purchases(currency)}) purchases WHERE month <= ${to}
    ),
    pm AS MATERIALIZED (
      SELECT person, month,
        sum(CASE WHEN channel = 'store' THEN 1 ELSE 0 END) AS store_n,
        sum(CASE WHEN channel = 'online' THEN 1 ELSE 0 END) AS online_n,
        sum(amount) AS net
      FROM p WHERE person IS NOT NULL GROUP BY person, month
    ),
    in_period AS (
      SELECT person, sum(store_n) AS store_n, sum(online_n) AS online_n
      FROM pm WHERE month >= ${from} GROUP BY person HAVING sum(store_n) + sum(online_n) > 0
    ),
    lifetime AS (
      SELECT person,
        CASE WHEN sum(store_n) > 0 AND sum(online_n) > 0 THEN 'omnichannel'
          WHEN sum(store_n) > 0 THEN 'store' ELSE 'online' END AS segment,
        sum(net) AS net
      FROM pm GROUP BY person
    )
    SELECT 'channel' AS kind, month, channel AS label, count(*) AS n, sum(amount) AS a,
      sum(pickup_amount) AS b, sum(CASE WHEN person IS NOT NULL THEN 1 ELSE 0 END) AS c,
      sum(CASE WHEN person IS NOT NULL THEN amount ELSE 0 END) AS d
    FROM p WHERE month >= ${from} GROUP BY month, channel
    UNION ALL
    SELECT 'customers', month, '', count(*),
      sum(CASE WHEN store_n > 0 AND online_n > 0 THEN 1 ELSE 0 END),
      sum(CASE WHEN store_n + online_n >= 2 THEN 1 ELSE 0 END), 0, 0
    FROM pm WHERE month >= ${from} AND store_n + online_n > 0 GROUP BY month
    UNION ALL
    SELECT 'customers', '', '', count(*),
      sum(CASE WHEN store_n > 0 AND online_n > 0 THEN 1 ELSE 0 END),
      sum(CASE WHEN store_n + online_n >= 2 THEN 1 ELSE 0 END), 0, 0
    FROM in_period
    UNION ALL
    SELECT 'ltv', '', lifetime.segment, count(*), sum(lifetime.net), 0, 0, 0
    FROM lifetime JOIN in_period ON in_period.person = lifetime.person
    GROUP BY lifetime.segment`;
}
