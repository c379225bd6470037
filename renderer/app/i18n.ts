import { useSyncExternalStore } from 'react';

export type Lang = 'en' | 'ru';

const en = {
  'enrol.title': 'Connect this till',
  'enrol.lead': 'Enter the server address and the one-time enrolment code from HQ.',
  'enrol.server': 'Server address',
  'enrol.code': 'Enrolment code',
  'enrol.name': 'Till name',
  'enrol.submit': 'Enrol till',
  'enrol.working': 'Enrolling…',
  'till.scan': 'Scan or type a barcode, card number or product name',
  'till.add': 'Add',
  'till.empty': 'Scan a product to start a sale.',
  'till.customer': 'Customer',
  'till.noCard': 'No loyalty card',
  'till.unknownCard': 'Card not in this till’s list yet — the sale keeps the number',
  'till.removeCard': 'Remove card',
  'till.unknownCode': 'Unknown code',
  'till.item': 'Item',
  'till.qty': 'Qty',
  'till.price': 'Price',
  'till.sum': 'Sum',
  'till.void': 'Void line',
  'till.total': 'Total',
  'till.cash': 'Cash received',
  'till.change': 'Change due',
  'till.short': 'Not enough cash',
  'till.exact': 'Exact',
  'till.confirm': 'Confirm sale',
  'till.saving': 'Saving…',
  'till.saved': 'Sale saved',
  'till.newSale': 'Clear',
  'till.failed': 'The sale was NOT saved',
  'status.online': 'Online',
  'status.offline': 'Offline',
  'status.connecting': 'Connecting…',
  'status.pending': 'Pending',
  'status.oldest': 'oldest',
  'status.lastSync': 'Last sync',
  'status.never': 'never',
  'status.rejected': 'Needs attention',
  'status.stuck': 'Stuck',
  'status.storage': 'Storage',
  'status.persisted': 'persistent',
  'status.notPersisted': 'may be evicted',
  'status.syncNow': 'Sync now',
} as const;

export type MessageKey = keyof typeof en;

const ru: Record<MessageKey, string> = {
  'enrol.title': 'Подключение кассы',
  'enrol.lead': 'Введите адрес сервера и одноразовый код подключения из офиса.',
  'enrol.server': 'Адрес сервера',
  'enrol.code': 'Код подключения',
  'enrol.name': 'Имя кассы',
  'enrol.submit': 'Подключить кассу',
  'enrol.working': 'Подключение…',
  'till.scan': 'Сканируйте или введите штрихкод, номер карты или название',
  'till.add': 'Добавить',
  'till.empty': 'Отсканируйте товар, чтобы начать продажу.',
  'till.customer': 'Покупатель',
  'till.noCard': 'Без карты лояльности',
  'till.unknownCard': 'Карты ещё нет в списке кассы — номер сохранится в чеке',
  'till.removeCard': 'Убрать карту',
  'till.unknownCode': 'Неизвестный код',
  'till.item': 'Товар',
  'till.qty': 'Кол-во',
  'till.price': 'Цена',
  'till.sum': 'Сумма',
  'till.void': 'Сторно строки',
  'till.total': 'Итого',
  'till.cash': 'Получено наличными',
  'till.change': 'Сдача',
  'till.short': 'Недостаточно наличных',
  'till.exact': 'Без сдачи',
  'till.confirm': 'Провести продажу',
  'till.saving': 'Сохранение…',
  'till.saved': 'Продажа сохранена',
  'till.newSale': 'Очистить',
  'till.failed': 'Продажа НЕ сохранена',
  'status.online': 'В сети',
  'status.offline': 'Нет связи',
  'status.connecting': 'Подключение…',
  'status.pending': 'В очереди',
  'status.oldest': 'старейшая',
  'status.lastSync': 'Синхронизация',
  'status.never': 'не было',
  'status.rejected': 'Требуют внимания',
  'status.stuck': 'Застряли',
  'status.storage': 'Хранилище',
  'status.persisted': 'постоянное',
  'status.notPersisted': 'может быть очищено',
  'status.syncNow': 'Синхронизировать',
};

const dictionaries: Record<Lang, Record<MessageKey, string>> = { en, ru };
const listeners = new Set<() => void>();
let current: Lang = readLang();

function readLang(): Lang {
  const saved = globalThis.localStorage?.getItem('omnitill.lang');
  if (saved === 'en' || saved === 'ru') return saved;
  return globalThis.navigator?.language?.startsWith('ru') ? 'ru' : 'en';
}

export function setLang(lang: Lang): void {
  current = lang;
  globalThis.localStorage?.setItem('omnitill.lang', lang);
  for (const l of listeners) l();
}

export function useLang(): Lang {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}

export function useT(): (key: MessageKey) => string {
  const lang = useLang();
  return (key) => dictionaries[lang][key];
}

export const localeOf = (lang: Lang) => (lang === 'ru' ? 'ru-RU' : 'en-GB');
