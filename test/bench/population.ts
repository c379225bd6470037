import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../server/db/connect';

/**
 * A chain's HQ database at scale, made with set-based SQL (one `insert … select` per table, no
 * per-row round trips) so that a million profiles and ten million events take minutes:
 *
 * - profiles `c0000000…`: a customer row each (one in 50 merged into the profile before it), a
 *   card, and in the identity graph the card and a visitor id for everyone, an email for one in
 *   three, a phone for one in four, a shop account for one in five, each with the link that
 *   brought it;
 * - events spread over a year and over the profiles by a multiplicative hash: store sales (55 %,
 *   three in ten without a card), returns of them (3 %), web-shop orders (4 %, half tied to a
 *   customer at a desk), their pickups (2 %), and web events (36 %: pages, carts, identifies and
 *   receipt links).
 *
 * `profileKeys(p)` names what profile `p` holds, for the benches that look it up.
 */
export type Scale = { profiles: number; events: number };

const T0 = 1_767_225_600; // 2026-01-01T00:00:00Z
const YEAR = 365 * 24 * 3600;
/** Coprime with the profile counts used (powers of ten), so every profile gets its share. */
const SPREAD = [7919, 104_729, 15_485_863, 2_750_159, 1_299_709];

export function profileKeys(p: number) {
  const n = String(p).padStart(7, '0');
  return {
    customerId: `c${n}`,
    card: `99${String(p).padStart(10, '0')}`,
    visitorId: `00000000-0000-7000-8000-${String(p).padStart(12, '0')}`,
  };
}

/** The SQL that differs between the engines: a row counter, zero-padding, ISO times. */
function dialectSql(db: Db) {
  const pg = db.dialect === 'postgres';
  return {
    /** `with …` prefix and `from …` source of `count` rows numbered `i` from 0. */
    rows(count: number): { head: RawBuilder<unknown>; from: RawBuilder<unknown> } {
      return pg
        ? { head: sql``, from: sql.raw(`generate_series(0, ${count - 1}::bigint) as n(i)`) }
        : {
            head: sql.raw(
              `with recursive n(i) as (select 0 union all select i + 1 from n where i < ${count - 1})`,
            ),
            from: sql.raw('n'),
          };
    },
    pad(expr: string, width: number): string {
      return pg
        ? `lpad((${expr})::text, ${width}, '0')`
        : `substr('${'0'.repeat(width)}' || (${expr}), -${width})`;
    },
    iso(seconds: string): string {
      return pg
        ? `to_char(to_timestamp(${seconds}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
        : `strftime('%Y-%m-%dT%H:%M:%fZ', ${seconds}, 'unixepoch')`;
    },
  };
}

/** Inserts `count` rows into `table`, each column an SQL expression of the row number `i`. */
async function fill(db: Db, table: string, count: number, columns: Record<string, string>): Promise<void> {
  if (count <= 0) return;
  const { head, from } = dialectSql(db).rows(count);
  const names = sql.raw(Object.keys(columns).join(', '));
  const values = sql.raw(Object.values(columns).join(', '));
  await sql`${head} insert into ${sql.raw(table)} (${names}) select ${values} from ${from}`.execute(
    db.kysely,
  );
}

/** Identifier rows of one type for the profiles `p` where `where(p)` holds. */
async function identifiers(
  db: Db,
  scale: Scale,
  type: string,
  value: (p: string) => string,
  where: string,
  evidence: string,
  verified: number,
  at: string,
): Promise<void> {
  const d = dialectSql(db);
  const { head, from } = d.rows(scale.profiles);
  const customer = `'c' || ${d.pad('i', 7)}`;
  const id = `'${type}-' || ${d.pad('i', 7)}`;
  await sql`${head} insert into identity_identifiers (id, type, value, customer_id, verified, first_seen_at, last_seen_at)
    select ${sql.raw(`${id}, '${type}', ${value('i')}, ${customer}, ${verified}, '${at}', '${at}'`)}
    from ${from} where ${sql.raw(where)}`.execute(db.kysely);
  const links = d.rows(scale.profiles);
  await sql`${links.head} insert into identity_links (id, identifier_id, evidence, source_ref, verified, created_at)
    select ${sql.raw(`'l' || ${id}, ${id}, '${evidence}', 'customer:' || ${customer}, ${verified}, '${at}'`)}
    from ${links.from} where ${sql.raw(where)}`.execute(db.kysely);
}

/** Profiles and their identifiers; returns the seconds it took. */
export async function fillProfiles(db: Db, scale: Scale): Promise<number> {
  const started = performance.now();
  const d = dialectSql(db);
  const at = new Date(T0 * 1000).toISOString();
  const p7 = d.pad('i', 7);
  await fill(db, 'customers', scale.profiles, {
    id: `'c' || ${p7}`,
    display_name: `'Bench ' || ${p7}`,
    phone: 'null',
    email: 'null',
    created_at: `'${at}'`,
    name_key: `'zz-bench-' || ${p7}`,
    merged_into: `case when i % 50 = 49 then 'c' || ${d.pad('i - 1', 7)} else null end`,
  });
  await fill(db, 'cards', scale.profiles, {
    number: `'99' || ${d.pad('i', 10)}`,
    customer_id: `'c' || ${p7}`,
    status: `'active'`,
    issued_at: `'${at}'`,
  });
  await identifiers(db, scale, 'card', (p) => `'99' || ${d.pad(p, 10)}`, '1 = 1', 'card_issue', 1, at);
  await identifiers(
    db,
    scale,
    'visitor',
    (p) => `'00000000-0000-7000-8000-' || ${d.pad(p, 12)}`,
    '1 = 1',
    'shop_login',
    0,
    at,
  );
  await identifiers(
    db,
    scale,
    'email',
    (p) => `'customer.' || ${d.pad(p, 7)} || '@example.org'`,
    'i % 3 = 0',
    'card_issue',
    0,
    at,
  );
  await identifiers(db, scale, 'phone', (p) => `'+7900' || ${d.pad(p, 7)}`, 'i % 4 = 0', 'card_issue', 0, at);
  await identifiers(
    db,
    scale,
    'shop_account',
    (p) => `'shop:acct-' || ${d.pad(p, 7)}`,
    'i % 5 = 0',
    'shop_login',
    1,
    at,
  );
  return (performance.now() - started) / 1000;
}

/** Events of every kind the timeline shows; returns the seconds it took and the count per kind. */
export async function fillEvents(
  db: Db,
  scale: Scale,
): Promise<{ seconds: number; counts: Record<string, number> }> {
  const started = performance.now();
  const d = dialectSql(db);
  const now = new Date().toISOString();
  await sql`insert into stores (id, code, name, currency, created_at) values ('s1', 'B-1', 'Bench', 'RUB', ${now}), ('s2', 'B-2', 'Bench 2', 'RUB', ${now})`.execute(
    db.kysely,
  );
  await sql`insert into devices (id, store_id, name, token_hash, enrolled_at) values ('d1', 's1', 'Till', 'x', ${now}), ('d2', 's2', 'Till', 'y', ${now})`.execute(
    db.kysely,
  );
  await sql`insert into webshop_connections (id, platform, name, secret, allowed_origins, outbound_secret, hold_days, locations, created_at, updated_at)
    values ('shop', 'generic', 'Bench shop', 'x', '[]', 'y', 7, '[]', ${now}, ${now})`.execute(db.kysely);

  const E = scale.events;
  const counts = {
    sales: Math.round(E * 0.55),
    returns: Math.round(E * 0.03),
    orders: Math.round(E * 0.04),
    pickups: Math.round(E * 0.02),
    webEvents: 0,
  };
  counts.webEvents = E - counts.sales - counts.returns - counts.orders - counts.pickups;
  const N = scale.profiles;
  /** Profile of row `i` of a kind, and the row's time, evenly over the year. */
  const profile = (k: number) => `((i * ${SPREAD[k]}) % ${N})`;
  const at = (count: number, offset = 0) => d.iso(`${T0 + offset} + (i * ${YEAR}) / ${count}`);
  const customer = (p: string) => `'c' || ${d.pad(p, 7)}`;
  const card = (p: string) => `'99' || ${d.pad(p, 10)}`;
  const visitor = (p: string) => `'00000000-0000-7000-8000-' || ${d.pad(p, 12)}`;

  const sp = profile(0);
  await fill(db, 'sales', counts.sales, {
    id: `'s' || ${d.pad('i', 9)}`,
    op_id: `'o' || i`,
    store_id: `case when i % 3 = 0 then 's2' else 's1' end`,
    device_id: `case when i % 3 = 0 then 'd2' else 'd1' end`,
    receipt_no: `'R' || i`,
    card_number: `case when i % 10 < 3 then null else ${card(sp)} end`,
    customer_id: `case when i % 10 < 3 then null else ${customer(sp)} end`,
    currency: `'RUB'`,
    total_minor: '1000 + i % 9000',
    wall_time: at(counts.sales),
    received_at: at(counts.sales),
    clock_suspect: '0',
  });
  // A return of every nineteenth-ish sale, a day after it.
  const returned = `((i * 17 + 3) % ${counts.sales})`;
  const rsp = `((${returned} * ${SPREAD[0]}) % ${N})`;
  await fill(db, 'returns', counts.returns, {
    id: `'r' || ${d.pad('i', 9)}`,
    op_id: `'ro' || i`,
    sale_id: `'s' || ${d.pad(returned, 9)}`,
    store_id: `'s1'`,
    device_id: `'d1'`,
    refund_minor: '500',
    reason: `'changed_mind'`,
    // The returned sale's customer and card, as the server copies them (migration 0022).
    card_number: `case when ${returned} % 10 < 3 then null else ${card(rsp)} end`,
    customer_id: `case when ${returned} % 10 < 3 then null else ${customer(rsp)} end`,
    wall_time: d.iso(`${T0 + 86_400} + (${returned} * ${YEAR}) / ${counts.sales}`),
    received_at: d.iso(`${T0 + 86_400} + (${returned} * ${YEAR}) / ${counts.sales}`),
  });
  const op = profile(1);
  await fill(db, 'web_orders', counts.orders, {
    id: `'wo' || ${d.pad('i', 9)}`,
    connection_id: `'shop'`,
    external_id: `'' || i`,
    order_number: `'#' || (100000 + i)`,
    currency: `'RUB'`,
    total_minor: '2000 + i % 50000',
    paid: '1',
    // The shop's own spelling: mixed case, matched in lower case.
    customer_email: `case when ${op} % 3 = 0 then 'Customer.' || ${d.pad(op, 7)} || '@Example.org' else 'guest' || i || '@example.net' end`,
    customer_phone: `case when ${op} % 4 = 0 then '+7900' || ${d.pad(op, 7)} else null end`,
    shop_customer_id: `case when ${op} % 5 = 0 then 'acct-' || ${d.pad(op, 7)} else null end`,
    visitor_id: visitor(op),
    customer_id: `case when i % 2 = 0 then ${customer(op)} else null end`,
    fulfillment_orders: `'[]'`,
    placed_at: at(counts.orders),
    updated_at: at(counts.orders),
  });
  // Pickups of the even orders (those tied to a customer), two days after they were placed.
  const order = '(i * 2)';
  const pp = `((${order} * ${SPREAD[1]}) % ${N})`;
  await fill(db, 'pickup_parts', counts.pickups, {
    order_id: `'wo' || ${d.pad(order, 9)}`,
    store_id: `'s1'`,
    status: `'collected'`,
    revision: '1',
    lines: `'[]'`,
    total_minor: '2000',
    created_at: `'${now}'`,
    updated_at: `'${now}'`,
  });
  await fill(db, 'pickup_handouts', counts.pickups, {
    pickup_id: `'ph' || ${d.pad('i', 9)}`,
    op_id: `'po' || i`,
    order_id: `'wo' || ${d.pad(order, 9)}`,
    store_id: `'s1'`,
    device_id: `'d1'`,
    outcome: `'applied'`,
    verification: `'code'`,
    failed_attempts: '0',
    lines: `'[]'`,
    card_number: card(pp),
    customer_id: customer(pp),
    seen_revision: '1',
    wall_time: d.iso(`${T0 + 2 * 86_400} + (${order} * ${YEAR}) / ${counts.orders}`),
    received_at: d.iso(`${T0 + 2 * 86_400} + (${order} * ${YEAR}) / ${counts.orders}`),
  });
  const wp = profile(2);
  const kind = `case when i % 36 < 25 then 'page' when i % 36 < 33 then 'cart' when i % 36 < 35 then 'identify' else 'link' end`;
  await fill(db, 'web_events', counts.webEvents, {
    id: `'w' || ${d.pad('i', 9)}`,
    connection_id: `'shop'`,
    visitor_id: visitor(wp),
    kind,
    customer_id: `case when i % 36 >= 33 then ${customer(wp)} else null end`,
    data: `case when i % 36 < 25 then '{"type":"page","url":"https://shop.example/p/' || (i % 500) || '","title":"Tea"}'
      when i % 36 < 33 then '{"type":"cart","totalMinor":' || (1000 + i % 5000) || ',"currency":"RUB","lines":[{"sku":"tea","quantity":1}]}'
      when i % 36 < 35 then '{"type":"identify","email":"customer.' || ${d.pad(wp, 7)} || '@example.org"}'
      else '{"type":"link","saleId":"s' || ${d.pad(`i % ${Math.max(1, counts.sales)}`, 9)} || '"}' end`,
    received_at: at(counts.webEvents),
  });
  return { seconds: (performance.now() - started) / 1000, counts };
}

/** Planner statistics after a bulk fill, as a database that grew by use would have. */
export async function analyze(db: Db): Promise<void> {
  await sql`analyze`.execute(db.kysely);
}
