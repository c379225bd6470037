import type { Kysely } from 'kysely';
import { matchLoyaltyCard } from '../../shared/barcode/loyaltyCard';
import { maskName } from '../../shared/domain/identifiers';
import { uuidv7 } from '../../shared/domain/uuidv7';
import type { Db } from '../db/connect';
import { isUniqueViolation } from '../db/errors';
import type { Database } from '../db/schema';
import { observe } from '../identity';
import { appendChanges } from '../sync/changeLog';
import { currentScanConfig } from './scanConfig';

export type BlockInput = {
  cardNumber: string;
  reason: string;
  /** A new card handed to the customer in its place: same customer, same points. */
  replacement: string | null;
};

export type CardStatusResult =
  | { ok: true }
  | {
      ok: false;
      reason: 'unknown_card' | 'already_blocked' | 'not_blocked' | 'not_a_card' | 'replacement_taken';
    };

/**
 * Blocks a lost or stolen card, and where the customer has a new one, issues that to the same
 * customer (docs/operations.md §19). Points belong to the customer, not the card, so the balance
 * and tier go with them untouched. Tills receive both cards with their next pull and refuse the
 * blocked one when it is scanned; sales a till made with it offline before that are still
 * recorded (the customer left with the goods). The change is kept with who made it and why.
 */
export async function blockCard(
  db: Db,
  input: BlockInput,
  by: string,
  now = new Date(),
): Promise<CardStatusResult> {
  const at = now.toISOString();
  try {
    return await db.kysely.transaction().execute(async (trx): Promise<CardStatusResult> => {
      const card = await cardOf(trx, input.cardNumber);
      if (!card) return { ok: false, reason: 'unknown_card' };
      let replacement: string | null = null;
      if (input.replacement !== null) {
        const { config } = await currentScanConfig(trx);
        const match = matchLoyaltyCard(input.replacement.trim(), config.loyaltySchemes);
        if (match.kind !== 'card') return { ok: false, reason: 'not_a_card' };
        if (await cardOf(trx, match.number)) return { ok: false, reason: 'replacement_taken' };
        replacement = match.number;
      }
      // Claimed by the status it had: of two people blocking at once, one does it.
      const claimed = await trx
        .updateTable('cards')
        .set({ status: 'blocked' })
        .where('number', '=', card.number)
        .where('status', '=', 'active')
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return { ok: false, reason: 'already_blocked' };
      if (replacement !== null) {
        await trx
          .insertInto('cards')
          .values({ number: replacement, customer_id: card.customer_id, status: 'active', issued_at: at })
          .execute();
        // The graph learns the new card is the same person's: HQ saw both cards' holder.
        await observe(
          trx,
          {
            identifiers: [
              { type: 'card', value: card.number, verified: true },
              { type: 'card', value: replacement, verified: true },
            ],
            evidence: 'hq_manual',
            sourceRef: `card_replace:${card.number}`,
          },
          // A card loaded at HQ may not be in the graph yet: then both join the card's customer.
          { newCustomerId: card.customer_id },
        );
      }
      await record(trx, {
        card: card.number,
        status: 'blocked',
        reason: input.reason,
        replacedBy: replacement,
        by,
        at,
      });
      await publishCards(
        trx,
        card.customer_id,
        [
          { number: card.number, status: 'blocked' },
          ...(replacement ? [{ number: replacement, status: 'active' as const }] : []),
        ],
        at,
      );
      return { ok: true };
    });
  } catch (error) {
    // The replacement number was issued elsewhere (a till, another HQ user) in the meantime.
    if (isUniqueViolation(error)) return { ok: false, reason: 'replacement_taken' };
    throw error;
  }
}

/** A blocked card found again: it works at the tills once more. */
export async function unblockCard(
  db: Db,
  input: { cardNumber: string; reason: string },
  by: string,
  now = new Date(),
): Promise<CardStatusResult> {
  const at = now.toISOString();
  return db.kysely.transaction().execute(async (trx): Promise<CardStatusResult> => {
    const card = await cardOf(trx, input.cardNumber);
    if (!card) return { ok: false, reason: 'unknown_card' };
    const claimed = await trx
      .updateTable('cards')
      .set({ status: 'active' })
      .where('number', '=', card.number)
      .where('status', '=', 'blocked')
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return { ok: false, reason: 'not_blocked' };
    await record(trx, {
      card: card.number,
      status: 'active',
      reason: input.reason,
      replacedBy: null,
      by,
      at,
    });
    await publishCards(trx, card.customer_id, [{ number: card.number, status: 'active' }], at);
    return { ok: true };
  });
}

const cardOf = (trx: Kysely<Database>, number: string) =>
  trx
    .selectFrom('cards')
    .select(['number', 'customer_id', 'status'])
    .where('number', '=', number)
    .executeTakeFirst();

async function record(
  trx: Kysely<Database>,
  c: {
    card: string;
    status: 'active' | 'blocked';
    reason: string;
    replacedBy: string | null;
    by: string;
    at: string;
  },
) {
  await trx
    .insertInto('card_status_changes')
    .values({
      id: uuidv7(),
      card_number: c.card,
      status: c.status,
      reason: c.reason,
      replaced_by: c.replacedBy,
      changed_by: c.by,
      changed_at: c.at,
    })
    .execute();
}

/** The cards' rows as the tills keep them (pull topic `card`), with the holder's masked name. */
async function publishCards(
  trx: Kysely<Database>,
  customerId: string,
  cards: { number: string; status: 'active' | 'blocked' }[],
  at: string,
) {
  const customer = await trx
    .selectFrom('customers')
    .select('display_name')
    .where('id', '=', customerId)
    .executeTakeFirstOrThrow();
  await appendChanges(
    trx,
    cards.map((card) => ({
      topic: 'card' as const,
      entityId: card.number,
      storeId: null,
      data: {
        number: card.number,
        customerId,
        maskedName: maskName(customer.display_name),
        status: card.status,
      },
    })),
    at,
  );
}
