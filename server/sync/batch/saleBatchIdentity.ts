import type { Kysely } from 'kysely';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { normalizeIdentifier } from '../../../shared/identity/normalize';
import type { Database, Dialect } from '../../db/schema';
import { LAST_SEEN_STEP_MS, observeIdentifiers } from '../../identity/observe';
import { insertRows } from './insertRows';

/** A sale on a card whose holder is known: evidence of who bought (docs/identity.md). */
export type CardAtSale = { saleId: string; cardNumber: string; holderId: string };

/**
 * `observe` of each sale's card, for many sales at once: what `observe` writes for a card the graph
 * already holds (one link per sale, the card seen now and verified) is written with one update
 * and one multi-row insert. A card the graph does not hold yet, or a value that does not
 * normalize, goes through `observe` sale by sale, in order, which creates it, refuses it or finds
 * it erased exactly as a single sale would.
 */
export async function observeCardsAtSales(
  trx: Kysely<Database>,
  dialect: Dialect,
  sales: readonly CardAtSale[],
): Promise<void> {
  if (sales.length === 0) return;
  const at = new Date().toISOString();
  const valueOf = new Map<string, string | null>();
  for (const { cardNumber } of sales) {
    if (valueOf.has(cardNumber)) continue;
    const normalized = normalizeIdentifier('card', cardNumber);
    valueOf.set(cardNumber, normalized.ok ? normalized.value : null);
  }
  const values = [...new Set([...valueOf.values()].filter((v): v is string => v !== null))];
  const known =
    values.length === 0
      ? []
      : await trx
          .selectFrom('identity_identifiers as i')
          .innerJoin('customers as c', 'c.id', 'i.customer_id')
          .select(['i.id', 'i.value', 'i.verified', 'i.last_seen_at'])
          .where('i.type', '=', 'card')
          .where('i.value', 'in', values)
          .execute();
  const byValue = new Map(known.map((k) => [k.value, k]));
  const links = [];
  const oneByOne: CardAtSale[] = [];
  for (const sale of sales) {
    const value = valueOf.get(sale.cardNumber) ?? null;
    const identifier = value === null ? undefined : byValue.get(value);
    if (!identifier) {
      oneByOne.push(sale);
      continue;
    }
    links.push({
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
  const touched = known.filter((k) => k.verified !== 1 || k.last_seen_at < staleBefore).map((k) => k.id);
  if (touched.length > 0) {
    await trx
      .updateTable('identity_identifiers')
      .set({ last_seen_at: at, verified: 1 })
      .where('id', 'in', touched)
      .execute();
  }
  await insertRows(trx, dialect, 'identity_links', links, ['identifier_id', 'evidence', 'source_ref']);
  for (const sale of oneByOne) {
    await observeIdentifiers(
      trx,
      {
        identifiers: [{ type: 'card', value: sale.cardNumber, verified: true }],
        evidence: 'card_at_sale',
        sourceRef: `sale:${sale.saleId}`,
      },
      { newCustomerId: sale.holderId },
    );
  }
}
