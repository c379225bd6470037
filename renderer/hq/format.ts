import { formatMoney } from '../../shared/domain/money';

const LOCALE = 'en-GB';

export const money = (minor: number, currency: string) => formatMoney(minor, currency, LOCALE);

export const dateTime = (iso: string | null) =>
  iso
    ? new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso))
    : '—';

export const quantity = (milli: number) =>
  milli % 1000 === 0 ? String(milli / 1000) : (milli / 1000).toFixed(3);
