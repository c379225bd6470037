import { useLang, type Lang } from '../app/i18n';
import { countMessage, type PluralKey } from '../app/plurals';
import { fill } from '../app/syncWords';

/**
 * HQ's words in English and Russian. The language is the one switch the till uses too
 * (`renderer/app/i18n.ts`), saved per browser; counted words go through `Intl.PluralRules`.
 */
const en = {
  'hq.title': 'OmniTill HQ',
  'hq.nav.customers': 'Customers',
  'hq.nav.stores': 'Stores & devices',
  'hq.nav.users': 'Users',
  'hq.nav.attempts': 'Sign-in attempts',
  'hq.signOut': 'Sign out',
  'hq.role.admin': 'admin',
  'hq.role.analyst': 'analyst',
  'hq.role.store_manager': 'store manager',
  'hq.lang': 'Language',
  'login.email': 'Email',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'customers.query': 'Card number, phone or email',
  'customers.find': 'Find',
  'customers.card': 'card {cards}',
  'customers.cardOnly': 'Card {card}',
  'customers.none': 'No customer found for “{query}”',
  'customers.total': 'total',
  'customers.showing': 'showing the newest {n}',
  'customers.receipt': 'receipt {receipt}',
  'customers.clockOff': 'till clock off',
  'customers.marked': 'marked unit',
  'customers.olderOne': 'Show the one older purchase',
  'customers.olderAll': 'Show the older purchases ({n})',
  'customers.olderPage': 'Show {page} more of {n} older purchases',
  'customers.consents': 'Consents',
  'customers.noName': 'Customer without a name',
} as const;

export type HqMessageKey = keyof typeof en;

const ru: Record<HqMessageKey, string> = {
  'hq.title': 'OmniTill — офис',
  'hq.nav.customers': 'Покупатели',
  'hq.nav.stores': 'Магазины и устройства',
  'hq.nav.users': 'Пользователи',
  'hq.nav.attempts': 'Попытки входа',
  'hq.signOut': 'Выйти',
  'hq.role.admin': 'администратор',
  'hq.role.analyst': 'аналитик',
  'hq.role.store_manager': 'управляющий магазином',
  'hq.lang': 'Язык',
  'login.email': 'Эл. почта',
  'login.password': 'Пароль',
  'login.submit': 'Войти',
  'customers.query': 'Номер карты, телефон или эл. почта',
  'customers.find': 'Найти',
  'customers.card': 'карта {cards}',
  'customers.cardOnly': 'Карта {card}',
  'customers.none': 'Покупатель по запросу «{query}» не найден',
  'customers.total': 'на сумму',
  'customers.showing': 'показаны последние {n}',
  'customers.receipt': 'чек {receipt}',
  'customers.clockOff': 'часы кассы сбиты',
  'customers.marked': 'маркированный товар',
  'customers.olderOne': 'Показать одну более раннюю покупку',
  'customers.olderAll': 'Показать более ранние покупки ({n})',
  'customers.olderPage': 'Показать ещё {page} из {n} более ранних покупок',
  'customers.consents': 'Согласия',
  'customers.noName': 'Покупатель без имени',
};

const dictionaries: Record<Lang, Record<HqMessageKey, string>> = { en, ru };

export type HqTranslate = {
  (key: HqMessageKey, values?: Readonly<Record<string, string | number>>): string;
  count: (key: PluralKey, n: number) => string;
  lang: Lang;
};

/** HQ's translator for the language in force, re-rendering when it is switched. */
export function useHqT(): HqTranslate {
  const lang = useLang();
  const t = (key: HqMessageKey, values?: Readonly<Record<string, string | number>>) =>
    values ? fill(dictionaries[lang][key], values) : dictionaries[lang][key];
  return Object.assign(t, { count: (key: PluralKey, n: number) => countMessage(lang, key, n), lang });
}
