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
 *   account first. Cancelled orders and stubs without a total are left out.
 * - Profiles are resolved to their survivor at read time, so a merge or an unmerge at HQ moves the
 *   figures without rewriting anything; erased customers count as nobody.
 */
export function purchases(currency: string): RawBuilder<unknown> {
  const survivorOf = (customerId: RawBuilder<unknown>) => sql`(
    SELECT v.id FROM customers c JOIN customers v ON v.id = coalesce(c.merged_into, c.id)
    WHERE c.id = ${customerId} AND v.erased_at IS NULL)`;
  return sql`
    SELECT 'store' AS channel,
      substr(CASE WHEN s.clock_suspect = 1 THEN s.received_at ELSE s.wall_time END, 1, 7) AS month,
      s.total_minor AS amount,
      0 AS pickup_amount,
      coalesce(
        ${survivorOf(sql`s.customer_id`)},
        (SELECT v.id FROM link_codes l
           JOIN customers c ON c.id = l.redeemed_customer_id
           JOIN customers v ON v.id = coalesce(c.merged_into, c.id)
         WHERE l.sale_id = s.id AND v.erased_at IS NULL)
      ) AS person
    FROM sales s
    WHERE s.currency = ${currency}
    UNION ALL
    SELECT 'online', substr(o.placed_at, 1, 7), o.total_minor,
      coalesce((SELECT sum(p.total_minor) FROM pickup_parts p WHERE p.order_id = o.id), 0),
      coalesce(
        ${survivorOf(sql`o.customer_id`)},
        (SELECT v.id FROM identity_links l
           JOIN identity_identifiers i ON i.id = l.identifier_id
           JOIN customers c ON c.id = i.customer_id
           JOIN customers v ON v.id = coalesce(c.merged_into, c.id)
         WHERE l.source_ref = 'order:' || o.id AND v.erased_at IS NULL
         ORDER BY CASE i.type WHEN 'shop_account' THEN 0 WHEN 'email' THEN 1 WHEN 'phone' THEN 2 ELSE 3 END
         LIMIT 1)
      )
    FROM web_orders o
    WHERE o.cancelled = 0 AND o.total_minor IS NOT NULL AND o.currency = ${currency}
    UNION ALL
    SELECT 'return', substr(r.wall_time, 1, 7), -r.refund_minor, 0,
      coalesce(${survivorOf(sql`r.customer_id`)}, ${survivorOf(sql`s.customer_id`)})
    FROM returns r JOIN sales s ON s.id = r.sale_id
    WHERE s.currency = ${currency}`;
}
