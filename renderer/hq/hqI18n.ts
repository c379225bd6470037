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
  'unit.s': '{n} s',
  'unit.min': '{n} min',
  'unit.hMin': '{h} h {min} min',
  'unit.dH': '{d} d {h} h',
  'stores.clockUnknown': 'unknown',
  'stores.clockUnknownHint': 'This till did not send its clock with its last push (an older app version)',
  'stores.clockHint': "The till's clock against the server's, at its last push",
  'stores.inStep': 'in step',
  'stores.ahead': '{d} ahead',
  'stores.behind': '{d} behind',
  'stores.checkClock': ' — check the till’s clock',
  'stores.received': 'Received',
  'stores.seq': 'Seq',
  'stores.receipt': 'Receipt',
  'stores.reason': 'Reason',
  'stores.detail': 'Detail',
  'stores.setAsideBadge': 'set aside',
  'stores.revoke': 'Revoke',
  'stores.revokeAsk': 'Disconnect {name}?',
  'stores.cancel': 'Cancel',
  'stores.revoked':
    '{name} is disconnected: the server refuses its token and the till says so. Its recorded sales stay; to use it again, enrol it with a new code.',
  'stores.none': 'No stores are assigned to you yet.',
  'stores.newCode': 'New enrolment code',
  'stores.code': 'Enrolment code',
  'stores.validUntil': 'valid until {at}',
  'stores.till': 'Till',
  'stores.lastSeen': 'Last seen',
  'stores.lastPush': 'Last push',
  'stores.lastPull': 'Last pull',
  'stores.pending': 'Pending',
  'stores.oldestPending': 'Oldest pending',
  'stores.applied': 'Applied',
  'stores.rejected': 'Rejected',
  'stores.setAside': 'Set aside',
  'stores.clockError': 'Clock error',
  'stores.clockErrorHint': "The till's clock against the server's, measured when it last pushed",
  'stores.waited': 'Waited offline',
  'stores.waitedHint':
    'How long the longest-waiting operation of its last push had waited to reach the server',
  'stores.waitHint':
    'Time between a sale on the till and its arrival here; long waits are offline periods, not clock errors',
  'stores.storage': 'Storage',
  'stores.persistent': 'persistent',
  'stores.mayBeEvicted': 'may be evicted',
  'stores.cannotResend':
    'Cannot resend from seq {seq}: the server lost operations this till had sent (restored from an older backup?) and the till no longer holds them all. Its later sales wait until this is resolved; see docs/operations.md §7.3. Reported {at}.',
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
  'unit.s': '{n} с',
  'unit.min': '{n} мин',
  'unit.hMin': '{h} ч {min} мин',
  'unit.dH': '{d} д {h} ч',
  'stores.clockUnknown': 'неизвестно',
  'stores.clockUnknownHint': 'Касса не прислала своё время при последней отправке (старая версия приложения)',
  'stores.clockHint': 'Часы кассы относительно часов сервера при последней отправке',
  'stores.inStep': 'совпадают',
  'stores.ahead': 'спешат на {d}',
  'stores.behind': 'отстают на {d}',
  'stores.checkClock': ' — проверьте часы кассы',
  'stores.received': 'Получено',
  'stores.seq': '№ операции',
  'stores.receipt': 'Чек',
  'stores.reason': 'Причина',
  'stores.detail': 'Подробности',
  'stores.setAsideBadge': 'отложено',
  'stores.revoke': 'Отключить',
  'stores.revokeAsk': 'Отключить {name}?',
  'stores.cancel': 'Отмена',
  'stores.revoked':
    '{name} отключена: сервер не принимает её токен, и касса это показывает. Записанные продажи остаются; чтобы снова работать, подключите её новым кодом.',
  'stores.none': 'Вам пока не назначен ни один магазин.',
  'stores.newCode': 'Новый код подключения',
  'stores.code': 'Код подключения',
  'stores.validUntil': 'действует до {at}',
  'stores.till': 'Касса',
  'stores.lastSeen': 'Последний контакт',
  'stores.lastPush': 'Последняя отправка',
  'stores.lastPull': 'Последнее получение',
  'stores.pending': 'В очереди',
  'stores.oldestPending': 'Старейшая в очереди',
  'stores.applied': 'Принято',
  'stores.rejected': 'Отклонено',
  'stores.setAside': 'Отложено',
  'stores.clockError': 'Ошибка часов',
  'stores.clockErrorHint': 'Часы кассы относительно часов сервера, измерено при последней отправке',
  'stores.waited': 'Ждала без связи',
  'stores.waitedHint': 'Сколько ждала самая долгая операция последней отправки, прежде чем дойти до сервера',
  'stores.waitHint':
    'Время между продажей на кассе и её приходом сюда; долгое ожидание — это период без связи, а не ошибка часов',
  'stores.storage': 'Хранилище',
  'stores.persistent': 'постоянное',
  'stores.mayBeEvicted': 'может быть очищено',
  'stores.cannotResend':
    'Нельзя отправить повторно начиная с операции {seq}: сервер потерял отправленные кассой операции (восстановлен из старой копии?), а в кассе их уже нет. Следующие продажи ждут решения; см. docs/operations.md §7.3. Сообщено {at}.',
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
