import { uuidv7 } from '../../shared/domain/uuidv7';
import type { Db } from '../db/connect';
import { isUniqueViolation } from '../db/errors';
import { appendEntry } from '../loyalty/ledger';
import { publishCustomerSummary } from '../loyalty/summary';
import { reviewSourceId } from './customerLedger';

export type AdjustInput = {
  customerId: string;
  /** Signed, never zero: a negative adjustment takes points away. */
  points: number;
  reason: string;
  /** The flagged entry this settles, from the review list; null for an adjustment on its own. */
  reviewedEntryId: string | null;
};

export type AdjustResult =
  | { ok: true; entryId: string; balance: number }
  | { ok: false; reason: 'unknown_customer' | 'unknown_entry' | 'already_adjusted' };

/**
 * Writes an `adjustment` entry with HQ's reason: the ledger is append-only, so correcting a
 * balance is a new entry, never an edit, and the balance stays the sum of the entries. An
 * adjustment settling a flagged entry is sourced `review/<entry id>`, so the ledger's
 * `(source_id, kind)` key lets each flagged entry be settled once, even by two people at once.
 * The tills learn the new balance on their next pull.
 */
export async function adjustPoints(
  db: Db,
  input: AdjustInput,
  by: string,
  now = new Date(),
): Promise<AdjustResult> {
  const at = now.toISOString();
  try {
    return await db.kysely.transaction().execute(async (trx): Promise<AdjustResult> => {
      const customer = await trx
        .selectFrom('customers')
        .select('id')
        .where('id', '=', input.customerId)
        .executeTakeFirst();
      if (!customer) return { ok: false, reason: 'unknown_customer' };
      let cardNumber: string | null = null;
      if (input.reviewedEntryId !== null) {
        const reviewed = await trx
          .selectFrom('loyalty_ledger')
          .select(['customer_id', 'card_number', 'overdraft', 'mismatch'])
          .where('id', '=', input.reviewedEntryId)
          .executeTakeFirst();
        const flagged = reviewed && (reviewed.overdraft === 1 || reviewed.mismatch !== null);
        if (!reviewed || !flagged || reviewed.customer_id !== input.customerId)
          return { ok: false, reason: 'unknown_entry' };
        const earlier = await trx
          .selectFrom('loyalty_ledger')
          .select('id')
          .where('source_id', '=', reviewSourceId(input.reviewedEntryId))
          .where('kind', '=', 'adjustment')
          .executeTakeFirst();
        if (earlier) return { ok: false, reason: 'already_adjusted' };
        cardNumber = reviewed.card_number;
      }
      const entry = await appendEntry(
        trx,
        {
          customerId: input.customerId,
          cardNumber,
          kind: 'adjustment',
          points: input.points,
          sourceId: input.reviewedEntryId === null ? uuidv7() : reviewSourceId(input.reviewedEntryId),
          note: input.reason,
          createdBy: by,
        },
        at,
      );
      await publishCustomerSummary(trx, input.customerId, at);
      const account = await trx
        .selectFrom('loyalty_accounts')
        .select('points_balance')
        .where('customer_id', '=', input.customerId)
        .executeTakeFirstOrThrow();
      return { ok: true, entryId: entry.id, balance: Number(account.points_balance) };
    });
  } catch (error) {
    // Two people settling the same entry at once: the second meets the unique key.
    if (isUniqueViolation(error)) return { ok: false, reason: 'already_adjusted' };
    throw error;
  }
}
