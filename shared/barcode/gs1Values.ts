import type { Gs1Element } from './gs1ElementString';
import { GS1_AI_TABLE } from './gs1AiTable';

export type Gs1Date = { readonly yy: number; readonly month: number; readonly day: number };

const SIX_DIGITS = /^[0-9]{6}$/;

function daysInMonth(yy: number, month: number): number {
  if (month === 2) return yy % 4 === 0 ? 29 : 28; // every YY divisible by 4 is a leap year in 2000–2099
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Reads a GS1 YYMMDD date. With `dayZero` a day of 00 is accepted and means "the end of that month"
 * (GS1 General Specifications §3.4.2–3.4.7 for AIs 11–17; the Syntax Dictionary's `yymmd0`).
 * Returns undefined for anything that is not a real calendar date.
 *
 * @example parseGs1Date('201225', true) // { yy: 20, month: 12, day: 25 }
 * @example parseGs1Date('210200', true) // { yy: 21, month: 2, day: 0 }
 * @example parseGs1Date('210230', true) // undefined
 */
export function parseGs1Date(value: string, dayZero: boolean): Gs1Date | undefined {
  if (!SIX_DIGITS.test(value)) return undefined;
  const yy = Number(value.slice(0, 2));
  const month = Number(value.slice(2, 4));
  const day = Number(value.slice(4, 6));
  if (month < 1 || month > 12) return undefined;
  if (day === 0) return dayZero ? { yy, month, day } : undefined;
  if (day > daysInMonth(yy, month)) return undefined;
  return { yy, month, day };
}

/**
 * Four-digit year for a two-digit GS1 year, by the sliding window of GS1 General Specifications
 * §7.12: up to 49 years ahead or 50 behind the current year.
 *
 * @example gs1FullYear(25, 2024) // 2025
 * @example gs1FullYear(99, 2024) // 1999
 * @example gs1FullYear(10, 2098) // 2110
 */
export function gs1FullYear(yy: number, currentYear: number): number {
  const century = currentYear - (currentYear % 100);
  const difference = yy - (currentYear % 100);
  if (difference >= 51) return century - 100 + yy;
  if (difference <= -50) return century + 100 + yy;
  return century + yy;
}

/**
 * True for a valid HHMM time of day.
 *
 * @example isGs1Time('2359') // true
 * @example isGs1Time('2400') // false
 */
export function isGs1Time(value: string): boolean {
  if (!/^[0-9]{4}$/.test(value)) return false;
  return Number(value.slice(0, 2)) <= 23 && Number(value.slice(2, 4)) <= 59;
}

export type Gs1Decimal = {
  /** The digits as an integer; the value is `units / 10 ** decimals`. */
  readonly units: number;
  readonly decimals: number;
  /** ISO 4217 numeric code for AIs 391n and 393n. */
  readonly currency: string | undefined;
};

/**
 * The number carried by a measure or amount AI (31nn–36nn, 390n–395n), kept as integer units plus
 * implied decimals so money and grams never pass through floating point. Undefined for other AIs.
 *
 * @example gs1Decimal({ ai: '3103', value: '001250' }) // { units: 1250, decimals: 3, currency: undefined }
 * @example gs1Decimal({ ai: '3932', value: '643123450' }) // { units: 123450, decimals: 2, currency: '643' }
 */
export function gs1Decimal(element: Gs1Element): Gs1Decimal | undefined {
  const decimals = GS1_AI_TABLE.get(element.ai)?.decimals;
  if (decimals === undefined || !/^[0-9]+$/.test(element.value)) return undefined;
  const withCurrency = element.ai.startsWith('391') || element.ai.startsWith('393');
  const digits = withCurrency ? element.value.slice(3) : element.value;
  if (digits === '') return undefined;
  return { units: Number(digits), decimals, currency: withCurrency ? element.value.slice(0, 3) : undefined };
}
