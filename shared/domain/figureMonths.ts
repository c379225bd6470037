import { z } from 'zod';

/** The most months HQ's figures span in one request: three years, a few rows each. */
export const FIGURES_MONTHS_MAX = 36;

/** A calendar month as `YYYY-MM`. */
export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'A month as YYYY-MM');

const index = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return y * 12 + (m - 1);
};
const ofIndex = (n: number) => `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;

/** The month `delta` months from `month`: `shiftMonth('2026-11', 2)` is `'2027-01'`. */
export const shiftMonth = (month: string, delta: number) => ofIndex(index(month) + delta);

/** The months from `from` to `to`, both included; empty when `from` comes after `to`. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let n = index(from); n <= index(to); n++) months.push(ofIndex(n));
  return months;
}
