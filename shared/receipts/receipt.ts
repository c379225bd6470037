import { formatLinkCode } from '../barcode/serverCodes';
import type { Sale, SalePayment } from '../domain/sale';

/**
 * The rate a line is printed at when neither the line nor its product carries one. A till always
 * records the rate it printed on the line (`vatRateBp`), so changing this later never changes a
 * receipt already issued.
 */
export const DEFAULT_VAT_RATE_BP = 2000;

export type ReceiptLine = {
  lineNo: number;
  name: string;
  quantityMilli: number;
  /** What the quantity counts; the price is per this unit. */
  unit: 'piece' | 'kg';
  unitPriceMinor: number;
  totalMinor: number;
  vatRateBp: number;
};

/** VAT included in the prices, by rate, after the receipt's discount. */
export type ReceiptVat = { rateBp: number; grossMinor: number; vatMinor: number };

/**
 * A receipt as printed and as a fiscal adapter would register it: a stable id (the sale's),
 * lines with their VAT rate, and payments by type. Built only from the stored sale, so a reprint
 * is the same receipt.
 */
export type Receipt = {
  id: string;
  receiptNo: string;
  store: { name: string; address: string | null };
  /** The till's clock at confirmation: printed, never used for order. */
  wallTime: string;
  cashier: string | null;
  currency: string;
  cardNumber: string | null;
  lines: ReceiptLine[];
  subtotalMinor: number;
  discountMinor: number;
  totalMinor: number;
  pointsBurned: number;
  burnValueMinor: number;
  pointsEarned: number;
  payments: SalePayment[];
  changeMinor: number;
  vat: ReceiptVat[];
  /** The code the customer types or scans to link the purchase; null on sales made before codes. */
  linkCode: string | null;
  /** What the QR code holds: `OMNI-L:<code>`. */
  linkPayload: string | null;
};

/**
 * Builds the receipt of a recorded sale.
 *
 * @example buildReceipt(sale, { name: 'Store 1', address: null }).totalMinor === sale.totalMinor // true
 */
export function buildReceipt(
  sale: Sale,
  store: { name: string; address?: string | null },
  cashier: string | null = null,
): Receipt {
  const lines = sale.lines.map((l) => ({
    lineNo: l.lineNo,
    name: l.name,
    quantityMilli: l.quantityMilli,
    unit: l.unit ?? 'piece',
    unitPriceMinor: l.unitPriceMinor,
    totalMinor: l.totalMinor,
    vatRateBp: l.vatRateBp ?? DEFAULT_VAT_RATE_BP,
  }));
  const subtotalMinor = lines.reduce((sum, l) => sum + l.totalMinor, 0);
  const discountMinor = sale.loyalty?.discountMinor ?? 0;
  return {
    id: sale.saleId,
    receiptNo: sale.receiptNo,
    store: { name: store.name, address: store.address ?? null },
    wallTime: sale.wallTime,
    cashier,
    currency: sale.currency,
    cardNumber: sale.cardNumber,
    lines,
    subtotalMinor,
    discountMinor,
    totalMinor: sale.totalMinor,
    pointsBurned: sale.loyalty?.pointsBurned ?? 0,
    burnValueMinor: sale.loyalty?.burnValueMinor ?? 0,
    pointsEarned: sale.loyalty?.pointsEarned ?? 0,
    payments: sale.payments,
    // Only cash gives change; a card-terminal payment is for its exact amount.
    changeMinor: sale.payments.reduce((sum, p) => sum + (p.method === 'cash' ? p.changeMinor : 0), 0),
    vat: vatByRate(lines, discountMinor),
    linkCode: sale.linkCode ?? null,
    linkPayload: sale.linkCode === undefined ? null : formatLinkCode(sale.linkCode),
  };
}

/**
 * VAT included in each rate's share of the receipt. The discount is spread over the rates in
 * proportion to their sums, rounded down, and the minor units rounding left over go to the
 * largest share, so the rates' gross sums add up to the receipt's total exactly.
 */
function vatByRate(lines: readonly ReceiptLine[], discountMinor: number): ReceiptVat[] {
  const byRate = new Map<number, number>();
  for (const l of lines) byRate.set(l.vatRateBp, (byRate.get(l.vatRateBp) ?? 0) + l.totalMinor);
  const subtotal = [...byRate.values()].reduce((a, b) => a + b, 0);
  const rates = [...byRate.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const shares = rates.map(([, gross]) =>
    subtotal === 0 ? 0 : Math.floor((discountMinor * gross) / subtotal),
  );
  const leftover = discountMinor - shares.reduce((a, b) => a + b, 0);
  if (shares.length > 0) shares[0] = (shares[0] ?? 0) + leftover;
  return rates.map(([rateBp, gross], i) => {
    const grossMinor = gross - (shares[i] ?? 0);
    return { rateBp, grossMinor, vatMinor: Math.round((grossMinor * rateBp) / (10_000 + rateBp)) };
  });
}
