import type { Kysely } from 'kysely';
import type { Sale } from '../../shared/domain/sale';
import type { OpOutcome } from '../../shared/sync/protocol';
import type { Database } from '../db/schema';
import { markLinkCodeRedeemable, refuseTakenLinkCode, registerLinkCode } from '../linkCodes/registerLinkCode';
import { recordSaleLoyalty } from '../loyalty/saleLoyalty';
import { observe } from '../identity';
import { isSuppressed } from '../identity/suppression';

export type DeviceScope = { deviceId: string; storeId: string };

/** What the push knows about the request an operation came in. */
export type ApplyContext = {
  receivedAt: string;
  /** The till's clock, judged by the push's send time, is off by more than five minutes. */
  clockSuspect: boolean;
};

/**
 * Records a sale from a till. Conditional, never a blind copy: a sale id or receipt number
 * already used on this server is a rejection with its reason, not an overwrite.
 */
export async function applySale(
  trx: Kysely<Database>,
  scope: DeviceScope,
  opId: string,
  sale: Sale,
  { receivedAt, clockSuspect }: ApplyContext,
): Promise<OpOutcome> {
  // Money of another currency would be summed as if it were the store's: refuse, never convert.
  const store = await trx
    .selectFrom('stores')
    .select('currency')
    .where('id', '=', scope.storeId)
    .executeTakeFirstOrThrow();
  if (sale.currency !== store.currency) {
    return {
      outcome: 'rejected',
      reason: 'currency_mismatch',
      detail: `sale in ${sale.currency}, store sells in ${store.currency}`,
    };
  }
  const existing = await trx
    .selectFrom('sales')
    .select(['id', 'device_id', 'receipt_no'])
    .where((eb) =>
      eb.or([
        eb('id', '=', sale.saleId),
        eb.and([eb('device_id', '=', scope.deviceId), eb('receipt_no', '=', sale.receiptNo)]),
      ]),
    )
    .executeTakeFirst();
  if (existing) {
    return existing.id === sale.saleId
      ? { outcome: 'rejected', reason: 'sale_id_taken', detail: `sale ${sale.saleId} is already recorded` }
      : {
          outcome: 'rejected',
          reason: 'receipt_no_taken',
          detail: `receipt ${sale.receiptNo} is already used`,
        };
  }

  const linkCodeTaken = await refuseTakenLinkCode(trx, sale);
  if (linkCodeTaken) return linkCodeTaken;

  const card = sale.cardNumber
    ? await trx
        .selectFrom('cards')
        .select('customer_id')
        .where('number', '=', sale.cardNumber)
        .executeTakeFirst()
    : undefined;
  // A sale queued on a till before the card's holder was erased is kept for the accounts, without
  // the card: the person does not come back through it (docs/identity.md §7).
  if (sale.cardNumber !== null && !card && (await isSuppressed(trx, 'card', sale.cardNumber))) {
    sale = { ...sale, cardNumber: null };
  }
  await trx
    .insertInto('sales')
    .values({
      id: sale.saleId,
      op_id: opId,
      store_id: scope.storeId,
      device_id: scope.deviceId,
      receipt_no: sale.receiptNo,
      card_number: sale.cardNumber,
      // The card's holder as the server knows them now; a card issued offline links later.
      customer_id: card?.customer_id ?? null,
      currency: sale.currency,
      total_minor: sale.totalMinor,
      wall_time: sale.wallTime,
      received_at: receivedAt,
      // A till clock far off is flagged for review; the sale itself is always accepted. How long
      // the sale waited offline plays no part: wall_time against received_at shows that.
      clock_suspect: clockSuspect ? 1 : 0,
      loyalty_discount_minor: sale.loyalty?.discountMinor ?? 0,
      cashier_id: sale.cashierId ?? null,
      shift_id: sale.shiftId ?? null,
    })
    .execute();
  await trx
    .insertInto('sale_lines')
    .values(
      sale.lines.map((l) => ({
        sale_id: sale.saleId,
        line_no: l.lineNo,
        product_id: l.productId,
        gtin: l.gtin,
        name: l.name,
        quantity_milli: l.quantityMilli,
        unit_price_minor: l.unitPriceMinor,
        total_minor: l.totalMinor,
        marking_code: l.markingCode ?? null,
      })),
    )
    .execute();
  await trx
    .insertInto('sale_payments')
    .values(
      sale.payments.map((p, idx) => ({
        sale_id: sale.saleId,
        idx,
        method: p.method,
        amount_minor: p.amountMinor,
        // A card pays exactly its amount: nothing tendered beyond it, no change.
        tendered_minor: p.method === 'cash' ? p.tenderedMinor : p.amountMinor,
        change_minor: p.method === 'cash' ? p.changeMinor : 0,
        reference: p.method === 'card' ? p.reference : null,
      })),
    )
    .execute();
  // Only a card the server knows is observed: a card issued offline is registered by its card.issue,
  // and an erased one is gone from `cards`, so a late sale cannot bring its holder back.
  if (sale.cardNumber !== null && card) {
    // A card loaded at HQ before the graph knew it joins as its holder's, not as a new person.
    await observe(
      trx,
      {
        identifiers: [{ type: 'card', value: sale.cardNumber, verified: true }],
        evidence: 'card_at_sale',
        sourceRef: `sale:${sale.saleId}`,
      },
      { newCustomerId: card.customer_id },
    );
  }
  await registerLinkCode(trx, sale, receivedAt);
  await recordSaleLoyalty(trx, sale, opId, card?.customer_id ?? null, receivedAt);
  await markLinkCodeRedeemable(trx, sale);
  return { outcome: 'applied', entityId: sale.saleId };
}
