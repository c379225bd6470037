import type { Kysely } from 'kysely';
import { normalizeEmail, normalizePhone } from '../../shared/domain/identifiers';
import type { Database } from '../db/schema';
import { appendChanges } from '../sync/changeLog';
import { appendAudit } from './audit';
import { eraseStoredCopies } from './eraseStored';
import { clusterMembers, identifiersOf, profileHeads, rootOf } from './graph';
import { suppressionHash } from './suppressionKey';
import { inTransaction } from './tx';

export type EraseResult =
  | {
      ok: true;
      customerId: string;
      profiles: number;
      suppressed: number;
      salesDetached: number;
      ordersDetached: number;
      storedCopiesScrubbed: number;
    }
  | { ok: false; reason: 'not_found' | 'already_erased' };

/**
 * Erases a customer (the whole cluster: every profile merged into the survivor is the same person).
 *
 * - Personal values go: name, phone, email on the profiles; every identifier (cards, phones,
 *   emails, shop accounts, visitor ids) and its links; the cards and their copies on the tills
 *   (pulled as deleted), the customer summaries, refused card issues holding their details.
 * - A suppression entry stays per value: its HMAC under the server's secret, never the value, so a
 *   sale queued on a till with the card, or a replayed shop webhook, is recognised and links nobody.
 * - Sales, returns and the points ledger stay, as the accounts need them, without the card number
 *   or the customer id: only the profile id (now holding nothing personal) remains on the ledger.
 * - Web-shop orders keep their amounts and lines without the person; web events go; stored till
 *   operations and applied webhook bodies are rewritten without personal fields (eraseStored.ts).
 * - The audit keeps ids and reasons, never values, and records the erasure.
 */
export async function eraseCustomer(
  db: Kysely<Database>,
  customerId: string,
  hqUserId: string,
): Promise<EraseResult> {
  return inTransaction(db, async (trx) => {
    const head = (await profileHeads(trx, [customerId])).get(customerId);
    if (!head) return { ok: false, reason: 'not_found' };
    if (head.erased_at !== null) return { ok: false, reason: 'already_erased' };
    const at = new Date().toISOString();
    const root = rootOf(head);
    const members = await clusterMembers(trx, [root]);
    const identifiers = await identifiersOf(trx, members);
    const profiles = await trx
      .selectFrom('customers')
      .select(['phone', 'email', 'display_name'])
      .where('id', 'in', members)
      .execute();
    const cards = await trx
      .selectFrom('cards')
      .select('number')
      .where('customer_id', 'in', members)
      .execute();
    const cardNumbers = [
      ...new Set([
        ...cards.map((c) => c.number),
        ...identifiers.filter((i) => i.type === 'card').map((i) => i.value),
      ]),
    ];

    const values = new Map<string, string>();
    const suppress = (type: string, value: string | null) => {
      if (value !== null) values.set(suppressionHash(type, value), type);
    };
    for (const i of identifiers) suppress(i.type, i.value);
    for (const p of profiles) {
      suppress('phone', p.phone === null ? null : normalizePhone(p.phone));
      suppress('email', p.email === null ? null : normalizeEmail(p.email));
    }
    for (const number of cardNumbers) suppress('card', number);
    const entries = [...values].map(([key_hash, type]) => ({ key_hash, type, created_at: at }));
    for (let i = 0; i < entries.length; i += 500) {
      await trx
        .insertInto('identity_suppressions')
        .values(entries.slice(i, i + 500))
        .onConflict((oc) => oc.column('key_hash').doNothing())
        .execute();
    }

    const stored = await eraseStoredCopies(
      trx,
      {
        members,
        cards: cardNumbers,
        identifiers,
        contacts: profiles.flatMap((p) => [p.display_name, p.phone ?? '', p.email ?? '']),
      },
      at,
    );

    const identifierIds = identifiers.map((i) => i.id);
    if (identifierIds.length > 0) {
      await trx.deleteFrom('identity_links').where('identifier_id', 'in', identifierIds).execute();
      await trx.deleteFrom('identity_identifiers').where('id', 'in', identifierIds).execute();
    }
    const detached = await detachPerson(trx, 'sales', members, cardNumbers);
    // Returns carry their sale's customer and card (migration 0022): cleared with the sale's.
    await detachPerson(trx, 'returns', members, cardNumbers);
    if (cardNumbers.length > 0) {
      await trx
        .updateTable('loyalty_ledger')
        .set({ card_number: null })
        .where('card_number', 'in', cardNumbers)
        .execute();
      await trx
        .updateTable('link_codes')
        .set({ card_number: null })
        .where('card_number', 'in', cardNumbers)
        .execute();
      await trx.deleteFrom('card_issue_conflicts').where('card_number', 'in', cardNumbers).execute();
      // HQ's blocks and replacements name the cards, and their reasons may name the person.
      await trx.deleteFrom('card_status_changes').where('card_number', 'in', cardNumbers).execute();
      await trx.deleteFrom('cards').where('number', 'in', cardNumbers).execute();
      // Tills drop the cards; older entries of the log no longer carry the holder's masked name.
      await trx
        .updateTable('change_log')
        .set({ data: null })
        .where('topic', '=', 'card')
        .where('entity_id', 'in', cardNumbers)
        .execute();
    }
    await trx
      .updateTable('change_log')
      .set({ data: null })
      .where('topic', '=', 'customer_summary')
      .where('entity_id', 'in', members)
      .execute();
    await appendChanges(
      trx,
      [
        ...cardNumbers.map((number) => ({
          topic: 'card' as const,
          entityId: number,
          storeId: null,
          data: null,
        })),
        ...members.map((id) => ({
          topic: 'customer_summary' as const,
          entityId: id,
          storeId: null,
          data: null,
        })),
      ],
      at,
    );
    await trx
      .updateTable('customers')
      .set({ display_name: '', phone: null, email: null, name_key: '', erased_at: at })
      .where('id', 'in', members)
      .execute();
    await trx
      .updateTable('identity_reviews')
      .set({ status: 'kept_apart', resolved_at: at, resolved_by: hqUserId })
      .where('status', '=', 'open')
      .where((eb) => eb.or([eb('customer_id', 'in', members), eb('other_customer_id', 'in', members)]))
      .execute();
    await appendAudit(
      trx,
      [
        {
          kind: 'erased',
          customer_id: root,
          evidence: 'hq_manual',
          source_ref: `customer:${root}`,
          actor: hqUserId,
        },
      ],
      at,
    );
    return {
      ok: true,
      customerId: root,
      profiles: members.length,
      suppressed: entries.length,
      salesDetached: detached,
      ordersDetached: stored.orders,
      storedCopiesScrubbed: stored.rewritten,
    };
  });
}

/** Clears the person's profiles and cards from a table's rows; returns how many rows it changed. */
async function detachPerson(
  trx: Kysely<Database>,
  table: 'sales' | 'returns',
  members: string[],
  cardNumbers: string[],
): Promise<number> {
  const result = await trx
    .updateTable(table)
    .set({ customer_id: null, card_number: null })
    .where((eb) =>
      cardNumbers.length > 0
        ? eb.or([eb('customer_id', 'in', members), eb('card_number', 'in', cardNumbers)])
        : eb('customer_id', 'in', members),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
