import type { SalePayment } from '../../shared/domain/sale';

/** A payment taken on the store's card terminal: its amount and the reference it printed. */
export type CardTender = { amountMinor: number; reference: string };

export type TenderProblem =
  /** The card payments add up to more than is due: the terminal took too much. */
  | 'cardsOverDue'
  /** The cash handed over does not cover what is left after the cards. */
  | 'cashShort'
  /** A card payment without the terminal's reference cannot be matched to its slip. */
  | 'referenceMissing'
  /** A card payment of nothing. */
  | 'cardAmountZero';

export type TenderPlan =
  | { ok: true; payments: SalePayment[]; cashDueMinor: number; changeMinor: number }
  | { ok: false; problem: TenderProblem };

/**
 * Splits what is due over the tenders: card payments first, for their exact amounts, then cash for
 * the rest, with change only from cash. `cashTenderedMinor` null means the exact cash. The payments
 * always sum to `dueMinor`, as the sale schema demands.
 *
 * @example planTender(75_000, [{ amountMinor: 50_000, reference: 'A1' }], 30_000) // cash 25,000, change 5,000
 */
export function planTender(
  dueMinor: number,
  cards: readonly CardTender[],
  cashTenderedMinor: number | null,
): TenderPlan {
  for (const card of cards) {
    if (card.amountMinor <= 0) return { ok: false, problem: 'cardAmountZero' };
    if (card.reference.trim() === '') return { ok: false, problem: 'referenceMissing' };
  }
  const byCard = cards.reduce((sum, c) => sum + c.amountMinor, 0);
  const cashDueMinor = dueMinor - byCard;
  if (cashDueMinor < 0) return { ok: false, problem: 'cardsOverDue' };
  const tendered = cashTenderedMinor ?? cashDueMinor;
  if (tendered < cashDueMinor) return { ok: false, problem: 'cashShort' };
  const payments: SalePayment[] = cards.map((c) => ({
    method: 'card',
    amountMinor: c.amountMinor,
    reference: c.reference.trim(),
  }));
  // Cards that cover everything leave no cash to take, whatever was typed in the cash field.
  if (cashDueMinor === 0 && payments.length > 0) return { ok: true, payments, cashDueMinor, changeMinor: 0 };
  // Cash appears when it pays something, or when nothing else does (a receipt paid wholly by points).
  payments.push({
    method: 'cash',
    amountMinor: cashDueMinor,
    tenderedMinor: tendered,
    changeMinor: tendered - cashDueMinor,
  });
  return { ok: true, payments, cashDueMinor, changeMinor: tendered - cashDueMinor };
}
