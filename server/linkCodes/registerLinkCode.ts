import type { Kysely } from 'kysely';
import type { Sale } from '../../shared/domain/sale';
import type { OpOutcome } from '../../shared/sync/protocol';
import type { Database } from '../db/schema';
import { linkCodeExpiry } from './linkCodeTtl';

/**
 * Whether a sale's link code may be registered: a till mints its codes at random (45 bits), so a
 * code already held by another sale is a near-impossible collision or a copied receipt; either
 * way it is refused with its reason, never reassigned.
 */
export async function refuseTakenLinkCode(trx: Kysely<Database>, sale: Sale): Promise<OpOutcome | null> {
  if (sale.linkCode === undefined) return null;
  const taken = await trx
    .selectFrom('link_codes')
    .select('sale_id')
    .where('code', '=', sale.linkCode)
    .executeTakeFirst();
  if (!taken) return null;
  return {
    outcome: 'rejected',
    reason: 'link_code_taken',
    detail: `link code ${sale.linkCode} already belongs to another sale`,
  };
}

/**
 * Registers the code in the sale's own transaction. It is written `pending` and turned
 * `redeemable` once the sale's rows are in, so a code is never redeemable for a sale that is not.
 */
export async function registerLinkCode(trx: Kysely<Database>, sale: Sale, receivedAt: string): Promise<void> {
  if (sale.linkCode === undefined) return;
  await trx
    .insertInto('link_codes')
    .values({
      code: sale.linkCode,
      sale_id: sale.saleId,
      card_number: sale.cardNumber,
      issued_at: receivedAt,
      status: 'pending',
      redeemed_at: null,
      expires_at: linkCodeExpiry(receivedAt),
    })
    .execute();
}

/** The sale is recorded: its code can now link it to a web account. */
export async function markLinkCodeRedeemable(trx: Kysely<Database>, sale: Sale): Promise<void> {
  if (sale.linkCode === undefined) return;
  await trx
    .updateTable('link_codes')
    .set({ status: 'redeemable' })
    .where('code', '=', sale.linkCode)
    .where('status', '=', 'pending')
    .execute();
}
