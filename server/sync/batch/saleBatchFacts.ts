import { sql, type Kysely } from 'kysely';
import type { Database, Dialect } from '../../db/schema';
import { suppressionHash } from '../../identity/suppressionKey';
import { isSuppressed } from '../../identity/suppression';
import type { OpContext } from './applyOne';
import { streamNextSeq } from './applyOne';
import type { ReadySale } from './saleBatchChecks';

/** A card the identity graph holds, as a batch of sales reads it. */
export type GraphCard = { id: string; value: string; verified: number; last_seen_at: string };

/**
 * What the database says about a batch of new sales before anything is written
 * (docs/sync-protocol.md §14.2): where the stream stands, whether any of its operation ids (on
 * SQLite also its sale ids, receipt numbers or link codes; PostgreSQL leaves those to their unique
 * keys) is taken, the store's currency, the cards' holders (and which unheld cards were erased),
 * the products whose VAT rate the server supplies, the cards the identity graph holds and the
 * loyalty rules the sales name.
 */
export type BatchFacts = {
  nextSeq: number;
  taken: boolean;
  currency: string;
  holders: Map<string, string>;
  /** A card number of the batch with no holder that belonged to an erased person. */
  erasedCard: boolean;
  productRates: Map<string, number | null>;
  /** Only read on PostgreSQL, where it rides along; elsewhere read when needed. */
  graphCards: Map<string, GraphCard> | null;
  /** The latest loyalty rules and the ones the sales name, as stored (JSON text), by version. */
  configs: { latest: string | null; byVersion: Map<number, string> } | null;
};

export type FactsAsked = {
  ready: readonly ReadySale[];
  /** Products whose lines carry no VAT rate of their own. */
  productIds: readonly string[];
  /** The cards' normalized numbers, as the identity graph keys them. */
  graphValues: readonly string[];
  configVersions: readonly number[];
};

/**
 * On PostgreSQL one statement, which also locks the stream's row (§14.3, first in the lock
 * order): each question is a round trip the batch would wait for with its stream locked. On
 * SQLite, where a statement costs no round trip, the plain queries one after another.
 */
export function batchFacts(
  trx: Kysely<Database>,
  dialect: Dialect,
  ctx: OpContext,
  asked: FactsAsked,
): Promise<BatchFacts> {
  return dialect === 'postgres' ? factsInOneStatement(trx, ctx, asked) : factsOneByOne(trx, ctx, asked);
}

const distinctCards = (ready: readonly ReadySale[]) => [
  ...new Set(ready.flatMap(({ sale }) => (sale.cardNumber === null ? [] : [sale.cardNumber]))),
];
const linkCodes = (ready: readonly ReadySale[]) =>
  ready.flatMap(({ sale }) => (sale.linkCode === undefined ? [] : [sale.linkCode]));

type FactsRow = {
  next_seq: number | null;
  taken: boolean;
  currency: string;
  cards: [string, string][];
  suppressed: string[];
  products: [string, number | null][];
  graph: GraphCard[];
  latest_config: string | null;
  configs: [number, string][];
};

async function factsInOneStatement(
  trx: Kysely<Database>,
  ctx: OpContext,
  { ready, productIds, graphValues, configVersions }: FactsAsked,
): Promise<BatchFacts> {
  const { deviceId, storeId } = ctx.scope;
  const numbers = distinctCards(ready);
  const hashes = numbers.map((n) => suppressionHash('card', n));
  const text = (values: readonly string[]) => sql`${[...values]}::text[]`;
  // The stream's row is locked first; if another process held it and has committed meanwhile, the
  // row read is its new version, the `seq` no longer matches and the batch goes one at a time.
  const { rows } = await sql<FactsRow>`
    with stream as (
      select next_seq from device_streams
      where device_id = ${deviceId} and install_id = ${ctx.installId} for update
    )
    select
      (select next_seq from stream) as next_seq,
      -- A resent batch is known by its operation ids. A sale id, receipt number or link code
      -- already recorded fails the batch's write on its unique key instead (§14.2).
      exists (select 1 from applied_ops where op_id = any(${text(ready.map((r) => r.op.opId))})) as taken,
      (select currency from stores where id = ${storeId}) as currency,
      (select coalesce(json_agg(json_build_array(number, customer_id)), '[]')
         from cards where number = any(${text(numbers)})) as cards,
      (select coalesce(json_agg(key_hash), '[]')
         from identity_suppressions where key_hash = any(${text(hashes)})) as suppressed,
      (select coalesce(json_agg(json_build_array(id, vat_rate_bp)), '[]')
         from products where id = any(${text(productIds)})) as products,
      (select coalesce(json_agg(json_build_object('id', i.id, 'value', i.value, 'verified', i.verified,
                                                  'last_seen_at', i.last_seen_at)), '[]')
         from identity_identifiers i join customers c on c.id = i.customer_id
         where i.type = 'card' and i.value = any(${text(graphValues)})) as graph,
      (select config from loyalty_configs order by version desc limit 1) as latest_config,
      (select coalesce(json_agg(json_build_array(version, config)), '[]')
         from loyalty_configs where version = any(${[...configVersions]}::int[])) as configs`.execute(trx);
  const row = rows[0]!;
  const holders = new Map(row.cards);
  const suppressed = new Set(row.suppressed);
  return {
    nextSeq: Number(row.next_seq),
    taken: row.taken,
    currency: row.currency,
    holders,
    erasedCard: numbers.some((n, i) => !holders.has(n) && suppressed.has(hashes[i]!)),
    productRates: new Map(row.products),
    graphCards: new Map(row.graph.map((g) => [g.value, { ...g, verified: Number(g.verified) }])),
    configs: {
      latest: row.latest_config,
      byVersion: new Map(row.configs.map(([version, config]) => [Number(version), config])),
    },
  };
}

/**
 * A list for `in` as one JSON parameter read by `json_each`: a batch's 500 ids as 500 placeholders
 * cost more to build and bind than the lookups themselves.
 */
const jsonList = (values: readonly string[]) =>
  sql<string>`(select value from json_each(${JSON.stringify(values)}))`;

async function factsOneByOne(
  trx: Kysely<Database>,
  ctx: OpContext,
  { ready, productIds }: FactsAsked,
): Promise<BatchFacts> {
  const { deviceId, storeId } = ctx.scope;
  const nextSeq = await streamNextSeq(trx, deviceId, ctx.installId);
  const store = await trx
    .selectFrom('stores')
    .select('currency')
    .where('id', '=', storeId)
    .executeTakeFirstOrThrow();
  const facts: BatchFacts = {
    nextSeq,
    taken: true,
    currency: store.currency,
    holders: new Map(),
    erasedCard: false,
    productRates: new Map(),
    graphCards: null,
    configs: null,
  };
  // Stops at the first answer that sends the batch one at a time.
  if (nextSeq !== ready[0]!.op.seq) return facts;
  const known = await trx
    .selectFrom('applied_ops')
    .select('op_id')
    .where('op_id', 'in', jsonList(ready.map((r) => r.op.opId)))
    .limit(1)
    .execute();
  if (known.length > 0) return facts;
  const sales = await trx
    .selectFrom('sales')
    .select('id')
    .where((eb) =>
      eb.or([
        eb('id', 'in', jsonList(ready.map((r) => r.sale.saleId))),
        eb.and([
          eb('device_id', '=', deviceId),
          eb('receipt_no', 'in', jsonList(ready.map((r) => r.sale.receiptNo))),
        ]),
      ]),
    )
    .limit(1)
    .execute();
  if (sales.length > 0) return facts;
  const codes = linkCodes(ready);
  if (codes.length > 0) {
    const held = await trx
      .selectFrom('link_codes')
      .select('code')
      .where('code', 'in', jsonList(codes))
      .limit(1)
      .execute();
    if (held.length > 0) return facts;
  }
  facts.taken = false;
  const numbers = distinctCards(ready);
  if (numbers.length > 0) {
    const cards = await trx
      .selectFrom('cards')
      .select(['number', 'customer_id'])
      .where('number', 'in', numbers)
      .execute();
    for (const card of cards) facts.holders.set(card.number, card.customer_id);
    for (const number of numbers) {
      if (!facts.holders.has(number) && (await isSuppressed(trx, 'card', number))) facts.erasedCard = true;
    }
  }
  if (productIds.length > 0) {
    const products = await trx
      .selectFrom('products')
      .select(['id', 'vat_rate_bp'])
      .where('id', 'in', [...productIds])
      .execute();
    facts.productRates = new Map(products.map((p) => [p.id, p.vat_rate_bp]));
  }
  return facts;
}
