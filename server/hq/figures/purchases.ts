import { sql, type RawBuilder } from 'kysely';

/**
 * Every purchase and return in one currency, one row each, with the month it belongs to and the
 * surviving customer it belongs to now (null: nobody the chain knows). HQ's figures are grouped
 * from this (docs/operations.md §17).
 *
 * - A store sale's month is the till's business time, printed on the receipt, unless the server
 *   judged the till's clock off when it arrived (`clock_suspect`): then the server's receive time.
 * - A sale is a known customer's when its card was (`sales.customer_id`), or when its receipt's
 *   link code was later redeemed by a signed-in shopper.
 * - An online order is a known customer's through the customer a pickup desk tied it to by card,
 *   else through the identifiers it arrived with (`identity_links` of `order:<id>`), the shop
 *   account first, then email, phone and visitor id. Cancelled orders and stubs without a total
 *   are left out.
 * - Profiles are resolved to their survivor at read time, so a merge or an unmerge at HQ moves the
 *   figures without rewriting anything; erased customers count as nobody.
 *
 * Everything is joined, never looked up row by row: on a chain's year of sales a correlated
 * subquery per row cost PostgreSQL seconds (test/bench/figures.ts).
 */
export function purchases(currency: string): RawBuilder<unknown> {
  // The survivor of a profile joined as `<alias>c`, joined as `<alias>v`; null when erased.
  const survivor = (alias: string, customerId: string) =>
    sql.raw(`LEFT JOIN customers ${alias}c ON ${alias}c.id = ${customerId}
      LEFT JOIN customers ${alias}v ON ${alias}v.id = coalesce(${alias}c.merged_into, ${alias}c.id)`);
  const alive = (alias: string) => sql.raw(`CASE WHEN ${alias}v.erased_at IS NULL THEN ${alias}v.id END`);
  return sql`
    SELECT 'store' AS channel,
      substr(CASE WHEN s.clock_suspect = 1 THEN s.received_at ELSE s.wall_time END, 1, 7) AS month,
      s.total_minor AS amount,
      0 AS pickup_amount,
      coalesce(${alive('s')}, ${alive('l')}) AS person
    FROM sales s
    ${survivor('s', 's.customer_id')}
    LEFT JOIN link_codes l ON l.sale_id = s.id
    ${survivor('l', 'l.redeemed_customer_id')}
    WHERE s.currency = ${currency}
    UNION ALL
    SELECT 'online', substr(o.placed_at, 1, 7), o.total_minor, coalesce(pk.pickup, 0),
      coalesce(${alive('o')}, substr(ol.ranked, 2))
    FROM web_orders o
    LEFT JOIN (SELECT order_id, sum(total_minor) AS pickup FROM pickup_parts GROUP BY order_id) pk
      ON pk.order_id = o.id
    ${survivor('o', 'o.customer_id')}
    LEFT JOIN (
      -- The order's identifiers' survivors, the strongest type's first: a digit, then the id.
      SELECT lo.id AS order_id,
        min(CASE i.type WHEN 'shop_account' THEN '0' WHEN 'email' THEN '1' WHEN 'phone' THEN '2' ELSE '3' END
          || v.id) AS ranked
      FROM web_orders lo
      JOIN identity_links il ON il.source_ref = 'order:' || lo.id
      JOIN identity_identifiers i ON i.id = il.identifier_id
      JOIN customers c ON c.id = i.customer_id
      JOIN customers v ON v.id = coalesce(c.merged_into, c.id)
      WHERE v.erased_at IS NULL AND lo.customer_id IS NULL
      GROUP BY lo.id
    ) ol ON ol.order_id = o.id
    WHERE o.cancelled = 0 AND o.total_minor IS NOT NULL AND o.currency = ${currency}
    UNION ALL
    SELECT 'return', substr(r.wall_time, 1, 7), -r.refund_minor, 0, coalesce(${alive('r')}, ${alive('rs')})
    FROM returns r
    JOIN sales s ON s.id = r.sale_id
    ${survivor('r', 'r.customer_id')}
    ${survivor('rs', 's.customer_id')}
    WHERE s.currency = ${currency}`;
}
