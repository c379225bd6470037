/**
 * Shopify and WooCommerce send money as decimal strings ("199.00"). They are read digit by digit
 * into integer minor units of the currency, never through a float (docs/webshop-ingestion.md §4).
 */

/** Minor-unit digits of a currency (2 for RUB and USD, 0 for JPY), as `Intl` knows them. */
export function currencyDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

/**
 * A non-negative decimal string (or number, as some payloads send) in minor units, rounded half up
 * where it has more digits than the currency; null when it is not an amount.
 *
 * @example decimalToMinor('199.90', 'RUB') // 19990
 * @example decimalToMinor('1200', 'JPY') // 1200
 */
export function decimalToMinor(value: unknown, currency: string): number | null {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string') return null;
  const match = /^(\d{1,13})(?:\.(\d{1,12}))?$/.exec(text.trim());
  if (!match) return null;
  const digits = currencyDigits(currency);
  const fraction = match[2] ?? '';
  const kept = fraction.slice(0, digits).padEnd(digits, '0');
  const roundUp = (fraction[digits] ?? '0') >= '5' ? 1 : 0;
  const minor = Number(`${match[1]}${kept}`) + roundUp;
  return Number.isSafeInteger(minor) ? minor : null;
}
