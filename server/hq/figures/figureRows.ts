import { sql } from 'kysely';
import { purchases } from './purchases';

export type FigureRow = {
  /**
   * `channel`: a month's purchases of one channel; `customers`: a month's (or, month '', the
   * period's) customers; `ltv`: a segment; `other`: the period's purchases in other currencies.
   */
  kind: 'channel' | 'customers' | 'ltv' | 'other';
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
 * amount; customers n active, a omnichannel, b repeat; ltv n customers, a net spend; other n
 * purchases (label `store` or `online`).
 */
export function figureRows(currency: string, from: string, to: string) {
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
    GROUP BY lifetime.segment
    UNION ALL
    SELECT 'other', '', 'store', count(*), 0, 0, 0, 0 FROM sales s
    WHERE s.currency <> ${currency}
      AND substr(CASE WHEN s.clock_suspect = 1 THEN s.received_at ELSE s.wall_time END, 1, 7) >= ${from}
      AND substr(CASE WHEN s.clock_suspect = 1 THEN s.received_at ELSE s.wall_time END, 1, 7) <= ${to}
    UNION ALL
    SELECT 'other', '', 'online', count(*), 0, 0, 0, 0 FROM web_orders o
    WHERE o.cancelled = 0 AND o.currency <> ${currency}
      AND substr(o.placed_at, 1, 7) >= ${from} AND substr(o.placed_at, 1, 7) <= ${to}`;
}

/** Store parts of online orders collected (in whole or in part) in the months, with their times. */
export function pickupTimes(from: string, to: string) {
  return sql<{ placed_at: string; ready_at: string | null; settled_at: string | null }>`
    SELECT o.placed_at, p.ready_at, p.settled_at
    FROM pickup_parts p JOIN web_orders o ON o.id = p.order_id
    WHERE p.status IN ('collected', 'partly_collected')
      AND substr(p.settled_at, 1, 7) >= ${from} AND substr(p.settled_at, 1, 7) <= ${to}`;
}
