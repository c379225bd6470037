/** Words of a customer's cards at HQ, English and Russian; `hqI18n.ts` joins them to the rest. */
export const cardsEn = {
  'cards.title': 'Cards',
  'cards.active': 'active',
  'cards.blocked': 'blocked',
  'cards.issuedAt': 'issued {at} · {where}',
  'cards.issuedHq': 'at HQ',
  'cards.blockedBy': 'Blocked by {name}, {at}: {reason}',
  'cards.unblockedBy': 'Unblocked by {name}, {at}: {reason}',
  'cards.replacedBy': 'replaced by {card}',
  'cards.block': 'Block…',
  'cards.unblock': 'Unblock…',
  'cards.reason': 'Reason',
  'cards.replacement': 'New card (scan or type, optional)',
  'cards.confirmBlock': 'Block the card',
  'cards.confirmUnblock': 'Unblock the card',
  'cards.cancel': 'Cancel',
  'cards.lead':
    'Points belong to the customer, not the card: a new card keeps the balance and tier. Tills refuse a blocked card from their next sync.',
};

export const cardsRu: Record<keyof typeof cardsEn, string> = {
  'cards.title': 'Карты',
  'cards.active': 'активна',
  'cards.blocked': 'заблокирована',
  'cards.issuedAt': 'выдана {at} · {where}',
  'cards.issuedHq': 'в офисе',
  'cards.blockedBy': 'Заблокировал(а) {name}, {at}: {reason}',
  'cards.unblockedBy': 'Разблокировал(а) {name}, {at}: {reason}',
  'cards.replacedBy': 'заменена на {card}',
  'cards.block': 'Заблокировать…',
  'cards.unblock': 'Разблокировать…',
  'cards.reason': 'Причина',
  'cards.replacement': 'Новая карта (сканируйте или введите, необязательно)',
  'cards.confirmBlock': 'Заблокировать карту',
  'cards.confirmUnblock': 'Разблокировать карту',
  'cards.cancel': 'Отмена',
  'cards.lead':
    'Баллы принадлежат покупателю, а не карте: новая карта сохраняет баланс и уровень. Кассы отказывают заблокированной карте после следующей синхронизации.',
};
