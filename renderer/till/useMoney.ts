import { formatMoney } from '../../shared/domain/money';
import { localeOf, useLang } from '../app/i18n';

/** Formats minor units in the store's currency for the UI's language. */
export function useMoney(currency: string): (minor: number) => string {
  const lang = useLang();
  return (minor) => formatMoney(minor, currency, localeOf(lang));
}
