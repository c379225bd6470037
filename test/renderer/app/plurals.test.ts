import { describe, expect, it } from 'vitest';
import { countMessage } from '../../../renderer/app/plurals';
import { answerWords } from '../../../renderer/app/syncWords';

describe('counted messages', () => {
  it.each([
    [1, 'записана 1 продажа'],
    [2, 'записаны 2 продажи'],
    [4, 'записаны 4 продажи'],
    [5, 'записано 5 продаж'],
    [11, 'записано 11 продаж'],
    [12, 'записано 12 продаж'],
    [21, 'записана 21 продажа'],
    [22, 'записаны 22 продажи'],
    [25, 'записано 25 продаж'],
    [111, 'записано 111 продаж'],
    [0, 'записано 0 продаж'],
  ])('Russian: %i → %s', (n, text) => {
    expect(countMessage('ru', 'count.salesRecorded', n)).toBe(text);
  });

  it('Russian nouns of every counted kind take the right form', () => {
    expect([1, 3, 5, 21].map((n) => countMessage('ru', 'count.items', n))).toEqual([
      '1 товар',
      '3 товара',
      '5 товаров',
      '21 товар',
    ]);
    expect([1, 2, 7].map((n) => countMessage('ru', 'count.minutes', n))).toEqual([
      '1 минута',
      '2 минуты',
      '7 минут',
    ]);
    expect([1, 2, 5].map((n) => countMessage('ru', 'count.operations', n))).toEqual([
      '1 операция',
      '2 операции',
      '5 операций',
    ]);
    expect([1, 4, 5, 21].map((n) => countMessage('ru', 'count.attemptsLeft', n))).toEqual([
      'осталась 1 попытка',
      'осталось 4 попытки',
      'осталось 5 попыток',
      'осталась 21 попытка',
    ]);
    expect([1, 4].map((n) => countMessage('en', 'count.attemptsLeft', n))).toEqual([
      '1 attempt left',
      '4 attempts left',
    ]);
  });

  it('English: one and other, with the number grouped for the language', () => {
    expect(countMessage('en', 'count.salesRecorded', 1)).toBe('1 sale recorded');
    expect(countMessage('en', 'count.salesRecorded', 2)).toBe('2 sales recorded');
    expect(countMessage('en', 'count.salesRecorded', 0)).toBe('0 sales recorded');
    expect(countMessage('en', 'count.items', 1234)).toBe('1,234 items');
    // Russian groups thousands with a (narrow) no-break space, as Intl does.
    expect(countMessage('ru', 'count.items', 1234)).toMatch(/^1\s234 товара$/u);
  });

  it('fills other values next to the count', () => {
    expect(countMessage('ru', 'count.retry', 3, { reason: 'transient' })).toBe(
      'Сервер просит повторить 3 операции: transient',
    );
  });

  it('the status bar’s answer uses the forms', () => {
    const countIn = (lang: 'en' | 'ru') => (key: Parameters<typeof countMessage>[1], n: number) =>
      countMessage(lang, key, n);
    const count = countIn('ru');
    const answer = {
      kind: 'synced',
      recorded: 21,
      recordedSales: 21,
      rejected: 2,
      setAside: 0,
      resent: 0,
    } as const;
    expect(answerWords(answer, () => '', count)).toBe('записана 21 продажа, отклонены 2');
    // A shift closed or a card issued with the sales: they are not all sales.
    expect(answerWords({ ...answer, recordedSales: 19, rejected: 0 }, () => '', count)).toBe(
      'записана 21 операция',
    );
    expect(
      answerWords({ ...answer, recordedSales: 0, recorded: 3, rejected: 0 }, () => '', countIn('en')),
    ).toBe('3 operations recorded');
  });
});
