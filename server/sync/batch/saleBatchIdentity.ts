import type { Kysely } from 'kysely';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { normalizeIdentifier } from '../../../shared/identity/normalize';
import type { Database, Dialect, NewRow } from '../../db/schema';
import { LAST_SEEN_STEP_MS, observeIdentifiers } from '../../identity/observe';
import { insertRows } from './insertRows';
import type { GraphCard } from './saleBatchFacts';

/** A sale on a card whose holder is known: evidence of who bought (docs/identity.md). */
export type CardAtSale = { saleId: string; cardNumber: string; holderId: string };

/** What a batch's card sales write to the identity graph at once, and the sales left to `observe`. */
export type CardLinks = {
  at: string;
  links: NewRow<'identity_links'>[];
  /** Identifiers to mark seen now and verified. */
  touched: string[];
  oneByOne: CardAtSale[];
};

/** Each card number's normalized value, as the graph keys it; null when it does not normalize. */
export function graphValuesOf(numbers: Iterable<string>): Map<string, string | null> {
  const valueOf = new Map<string, string | null>();
  for (const number of numbers) {
    if (valueOf.has(number)) continue;
    const normalized = normalizeIdentifier('card', number);
    valueOf.set(number, normalized.ok ? normalized.value : null);
  }
  return valueOf;
}

/**
 * `observe` of each sale's card, for many sales at once: what `observe` writes for a card the graph
 * already holds (one link per sale, the card seen now and verified) is written with one update
 * and one insert. A card the graph does not hold yet joins it through `observe` with its first
 * sale (created, or found erased, exactly as a single sale would); a value that does not
 * normalize, or a card still not in the graph after that, goes through `observe` sale by sale.
 */
export async function observeCardsAtSales(
  trx: Kysely<Database>,
  dialect: Dialect,
  sales: readonly CardAtSale[],
): Promise<void> {
  if (sales.length === 0) return;
  const plan = await planCardLinks(trx, sales, null);
  if (plan.touched.length > 0) {
    await trx
      .updateTable('identity_identifiers')
      .set({ last_seen_at: plan.at, verified: 1 })
      .where('id', 'in', plan.touched)
      .execute();
  }
  await insertRows(trx, dialect, 'identity_links', plan.links, LINK_KEY);
  await observeOneByOne(trx, plan);
}

/** The unique key of a link: one per identifier, evidence and source. */
export const LINK_KEY = ['identifier_id', 'evidence', 'source_ref'];

/**
 * The links and touches of `observeCardsAtSales`, for a caller that writes them with its other
 * rows. `graph`: the cards the graph holds among the batch's, when already read (null: read here).
 * A card new to the graph is observed here with its first sale.
 */
export async function planCardLinks(
  trx: Kysely<Database>,
  sales: readonly CardAtSale[],
  graph: ReadonlyMap<string, GraphCard> | null,
): Promise<CardLinks> {
  const at = new Date().toISOString();
  const plan: CardLinks = { at, links: [], touched: [], oneByOne: [] };
  if (sales.length === 0) return plan;
  const valueOf = graphValuesOf(sales.map((s) => s.cardNumber));
  const values = [...new Set([...valueOf.values()].filter((v): v is string => v !== null))];
  let byValue = graph ?? (await cardsInGraph(trx, values));
  // A card the graph does not hold yet joins it with its first sale, through `observe` as one at
  // a time; the card's later sales then find it there like any other.
  const firsts = new Set<CardAtSale>();
  for (const sale of sales) {
    const value = valueOf.get(sale.cardNumber) ?? null;
    if (value === null || byValue.has(value) || [...firsts].some((f) => f.cardNumber === sale.cardNumber))
      continue;
    firsts.add(sale);
    await observeOne(trx, sale);
  }
  if (firsts.size > 0) byValue = await cardsInGraph(trx, values);
  for (const sale of sales) {
    if (firsts.has(sale)) continue;
    const value = valueOf.get(sale.cardNumber) ?? null;
    const identifier = value === null ? undefined : byValue.get(value);
    if (!identifier) {
      plan.oneByOne.push(sale);
      continue;
    }
    plan.links.push({
      id: uuidv7(),
      identifier_id: identifier.id,
      evidence: 'card_at_sale' as const,
      source_ref: `sale:${sale.saleId}`,
      verified: 1,
      created_at: at,
    });
  }
  // As `observe` does per sighting: last seen to the hour, and verified, since a sale verifies it.
  const staleBefore = new Date(Date.parse(at) - LAST_SEEN_STEP_MS).toISOString();
  const known = [...byValue.values()].filter((k) => [...valueOf.values()].includes(k.value));
  plan.touched = known.filter((k) => k.verified !== 1 || k.last_seen_at < staleBefore).map((k) => k.id);
  return plan;
}

/** The sales whose cards only `observe` itself can place. */
export async function observeOneByOne(trx: Kysely<Database>, plan: CardLinks): Promise<void> {
  for (const sale of plan.oneByOne) await observeOne(trx, sale);
}

/** The cards the identity graph holds among `values` (normalized numbers), by value. */
async function cardsInGraph(
  trx: Kysely<Database>,
  values: readonly string[],
): Promise<Map<string, GraphCard>> {
  if (values.length === 0) return new Map();
  const rows = await trx
    .selectFrom('identity_identifiers as i')
    .innerJoin('customers as c', 'c.id', 'i.customer_id')
    .select(['i.id', 'i.value', 'i.verified', 'i.last_seen_at'])
    .where('i.type', '=', 'card')
    .where('i.value', 'in', values)
    .execute();
  return new Map(rows.map((r) => [r.value, r]));
}

/** What `applySale` does for one sale's card. */
function observeOne(trx: Kysely<Database>, sale: CardAtSale) {
  return observeIdentifiers(
    trx,
    {
      identifiers: [{ type: 'card', value: sale.cardNumber, verified: true }],
      evidence: 'card_at_sale',
      sourceRef: `sale:${sale.saleId}`,
    },
    { newCustomerId: sale.holderId },
  );
}
