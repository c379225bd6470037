import type { Kysely } from 'kysely';
import type { SaleLine } from '../../shared/domain/sale';
import { DEFAULT_VAT_RATE_BP } from '../../shared/receipts/receipt';
import type { Database, VatRateSource } from '../db/schema';

export type LineVat = { vat_rate_bp: number; vat_rate_source: VatRateSource };

/**
 * The VAT rate each line of a sale is stored with, and where it came from. The till's own figure
 * wins: it is what the receipt printed. A till too old to send one gets the product's rate as the
 * server has it when the sale arrives, else the chain's default, and the source says which, so
 * HQ can tell a printed rate from a derived one (docs/operations.md §15).
 */
export async function vatRatesOf(
  trx: Kysely<Database>,
  lines: readonly SaleLine[],
): Promise<(line: SaleLine) => LineVat> {
  const missing = productsWithoutRate(lines);
  const products = missing.length
    ? await trx.selectFrom('products').select(['id', 'vat_rate_bp']).where('id', 'in', missing).execute()
    : [];
  return vatFrom(new Map(products.map((p) => [p.id, p.vat_rate_bp])));
}

/** The products whose rate the server supplies: those of lines that carry none of their own. */
export const productsWithoutRate = (lines: readonly SaleLine[]) => [
  ...new Set(lines.filter((l) => l.vatRateBp === undefined).map((l) => l.productId)),
];

/** Each line's rate and source, given the rates of `productsWithoutRate` as the server has them. */
export function vatFrom(productRate: ReadonlyMap<string, number | null>): (line: SaleLine) => LineVat {
  return (line) => {
    if (line.vatRateBp !== undefined) return { vat_rate_bp: line.vatRateBp, vat_rate_source: 'till' };
    const rate = productRate.get(line.productId);
    return rate === undefined || rate === null
      ? { vat_rate_bp: DEFAULT_VAT_RATE_BP, vat_rate_source: 'default' }
      : { vat_rate_bp: Number(rate), vat_rate_source: 'product' };
  };
}
