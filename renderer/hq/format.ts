import { formatMoney, minorDigits } from '../../shared/domain/money';
import { currentLang, localeOf } from '../app/i18n';

// The language is read at each call: pages re-render through `useHqT` when it is switched.
const locale = () => localeOf(currentLang());

export const money = (minor: number, currency: string) => formatMoney(minor, currency, locale());

export const dateTime = (iso: string | null) =>
  iso
    ? new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso))
    : '—';

export const quantity = (milli: number) =>
  new Intl.NumberFormat(locale(), {
    maximumFractionDigits: 3,
    minimumFractionDigits: milli % 1000 === 0 ? 0 : 3,
  }).format(milli / 1000);

/** A rate in basis points as a percentage: 2000 → "20 %". */
export const percent = (bp: number) =>
  `${new Intl.NumberFormat(locale(), { maximumFractionDigits: 2 }).format(bp / 100)} %`;

/** A fraction as a percentage with at most one decimal: 0.4567 → "45.7 %"; a dash for none. */
export const fractionPercent = (f: number | null) =>
  f === null
    ? '—'
    : new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(f);

/** Money for a chart's axis: short, as "1.2M ₽". */
export function moneyCompact(minor: number, currency: string) {
  const format = new Intl.NumberFormat(locale(), {
    style: 'currency',
    currency,
    notation: 'compact',
    maximumFractionDigits: 1,
  });
  return format.format(minor / 10 ** minorDigits(currency));
}

/** A `YYYY-MM` month as the reader's language names it: "Oct 2026", "окт. 2026 г.". */
export const monthName = (month: string) =>
  new Intl.DateTimeFormat(locale(), { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month}-01T00:00:00Z`),
  );

/** A count in the reader's digits: 12345 → "12,345" or "12 345". */
export const count = (n: number) => new Intl.NumberFormat(locale()).format(n);

/** A month as short as a chart's axis needs: "Oct 26", "окт. 26". */
export const monthShort = (month: string) =>
  new Intl.DateTimeFormat(locale(), { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(
    new Date(`${month}-01T00:00:00Z`),
  );
