import { z } from 'zod';

/** An amount in integer minor units (kopecks, cents). Floats never carry money. */
export const minorUnits = z.number().int().safe();
export const nonNegativeMinor = minorUnits.nonnegative();
export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code, e.g. RUB');

/**
 * Line total for a quantity in thousandths (so weighed goods fit) at a unit price in minor units,
 * rounded half away from zero to a whole minor unit.
 *
 * @example lineTotal(3000, 8990) // 26970  (3 × 89.90)
 * @example lineTotal(1250, 19900) // 24875 (1.250 kg × 199.00)
 */
export function lineTotal(quantityMilli: number, unitPriceMinor: number): number {
  const raw = quantityMilli * unitPriceMinor;
  const sign = raw < 0 ? -1 : 1;
  const rounded = Math.floor((Math.abs(raw) + 500) / 1000);
  return rounded === 0 ? 0 : sign * rounded;
}

// A few currencies per chain: asked once each, not on every amount a page draws.
const digitsByCurrency = new Map<string, number>();

/**
 * How many minor units make a major one, as a power of ten: the currency's own digits by ISO 4217,
 * as `Intl` knows them (2 for RUB, 0 for JPY, 3 for KWD), whatever the locale.
 *
 * @example minorDigits('JPY') // 0
 */
export function minorDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    digits =
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2;
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}

/**
 * Formats minor units for people with `Intl`, in the store's currency and the UI's locale.
 *
 * @example formatMoney(12345, 'RUB', 'ru-RU') // '123,45 ₽'
 */
export function formatMoney(amountMinor: number, currency: string, locale: string): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  return format.format(amountMinor / 10 ** minorDigits(currency));
}

/**
 * Reads an amount a cashier typed ("200", "200.5", "1 200,50") into minor units; null if it is not
 * a non-negative amount with at most `fractionDigits` decimals.
 *
 * @example parseMoneyInput('1 200,50') // 120050
 */
export function parseMoneyInput(text: string, fractionDigits = 2): number | null {
  const clean = text.replace(/[\s\u00a0]/g, '').replace(',', '.');
  const match = new RegExp(`^(\\d{1,12})(?:\\.(\\d{0,${fractionDigits}}))?$`).exec(clean);
  if (!match) return null;
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? '').padEnd(fractionDigits, '0') || '0');
  return whole * 10 ** fractionDigits + fraction;
}
