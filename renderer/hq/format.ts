import { formatMoney } from '../../shared/domain/money';
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
