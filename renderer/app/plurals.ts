import type { Lang } from './i18n';
import { localeOf, useLang } from './i18n';

/**
 * Counted messages, one text per plural category of the language (CLDR, through
 * `Intl.PluralRules`): English has one/other, Russian one/few/many/other — 1 продажа, 2 продажи,
 * 5 продаж, 21 продажа, and `other` for fractions. `{n}` is the count, formatted for the language.
 */
export type PluralForms = { readonly other: string } & Readonly<Partial<Record<Intl.LDMLPluralRule, string>>>;

const en = {
  'count.salesRecorded': { one: '{n} sale recorded', other: '{n} sales recorded' },
  'count.opsRecorded': { one: '{n} operation recorded', other: '{n} operations recorded' },
  'count.rejected': { one: '{n} rejected', other: '{n} rejected' },
  'count.setAside': { one: '{n} set aside', other: '{n} set aside' },
  'count.resent': {
    one: '{n} sent again after the server lost it',
    other: '{n} sent again after the server lost them',
  },
  'count.retry': {
    one: 'Server asked to retry {n} operation: {reason}',
    other: 'Server asked to retry {n} operations: {reason}',
  },
  'count.items': { one: '{n} item', other: '{n} items' },
  'count.operations': { one: '{n} operation', other: '{n} operations' },
  'count.minutes': { one: '{n} minute', other: '{n} minutes' },
  'count.cards': { one: '{n} card', other: '{n} cards' },
  'count.customers': { one: '{n} customer', other: '{n} customers' },
  'count.purchases': { one: '{n} purchase', other: '{n} purchases' },
  'count.attemptsLeft': { one: '{n} attempt left', other: '{n} attempts left' },
} as const satisfies Record<string, PluralForms>;

export type PluralKey = keyof typeof en;

const ru: Record<PluralKey, PluralForms> = {
  'count.salesRecorded': {
    one: 'записана {n} продажа',
    few: 'записаны {n} продажи',
    many: 'записано {n} продаж',
    other: 'записано {n} продажи',
  },
  'count.opsRecorded': {
    one: 'записана {n} операция',
    few: 'записаны {n} операции',
    many: 'записано {n} операций',
    other: 'записано {n} операции',
  },
  'count.rejected': {
    one: 'отклонена {n}',
    few: 'отклонены {n}',
    many: 'отклонено {n}',
    other: 'отклонено {n}',
  },
  'count.setAside': { one: 'отложена {n}', few: 'отложены {n}', many: 'отложено {n}', other: 'отложено {n}' },
  'count.resent': {
    one: '{n} операция отправлена повторно после потери на сервере',
    few: '{n} операции отправлены повторно после потери на сервере',
    many: '{n} операций отправлено повторно после потери на сервере',
    other: '{n} операции отправлено повторно после потери на сервере',
  },
  'count.retry': {
    one: 'Сервер просит повторить {n} операцию: {reason}',
    few: 'Сервер просит повторить {n} операции: {reason}',
    many: 'Сервер просит повторить {n} операций: {reason}',
    other: 'Сервер просит повторить {n} операции: {reason}',
  },
  'count.items': { one: '{n} товар', few: '{n} товара', many: '{n} товаров', other: '{n} товара' },
  'count.operations': {
    one: '{n} операция',
    few: '{n} операции',
    many: '{n} операций',
    other: '{n} операции',
  },
  'count.minutes': { one: '{n} минута', few: '{n} минуты', many: '{n} минут', other: '{n} минуты' },
  'count.cards': { one: '{n} карта', few: '{n} карты', many: '{n} карт', other: '{n} карты' },
  'count.customers': {
    one: '{n} покупатель',
    few: '{n} покупателя',
    many: '{n} покупателей',
    other: '{n} покупателя',
  },
  'count.purchases': { one: '{n} покупка', few: '{n} покупки', many: '{n} покупок', other: '{n} покупки' },
  'count.attemptsLeft': {
    one: 'осталась {n} попытка',
    few: 'осталось {n} попытки',
    many: 'осталось {n} попыток',
    other: 'осталось {n} попытки',
  },
};

const dictionaries: Record<Lang, Record<PluralKey, PluralForms>> = { en, ru };

/**
 * A counted message in a language.
 *
 * @example countMessage('ru', 'count.salesRecorded', 21) // 'записана 21 продажа'
 */
export function countMessage(
  lang: Lang,
  key: PluralKey,
  n: number,
  values: Readonly<Record<string, string | number>> = {},
): string {
  const locale = localeOf(lang);
  const forms = dictionaries[lang][key];
  const template = forms[new Intl.PluralRules(locale).select(n)] ?? forms.other;
  const all: Record<string, string | number> = { ...values, n: new Intl.NumberFormat(locale).format(n) };
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in all ? String(all[name]) : whole));
}

export type CountTranslate = (
  key: PluralKey,
  n: number,
  values?: Readonly<Record<string, string | number>>,
) => string;

/** `countMessage` in the UI's language, re-rendering when it changes. */
export function useCount(): CountTranslate {
  const lang = useLang();
  return (key, n, values) => countMessage(lang, key, n, values);
}
