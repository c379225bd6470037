import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney, lineTotal, minorDigits, parseMoneyInput } from '../../../shared/domain/money';

describe('money in minor units', () => {
  it('computes line totals for pieces exactly and rounds weighed goods half away from zero', () => {
    expect(lineTotal(3000, 8990)).toBe(26970);
    expect(lineTotal(1250, 19900)).toBe(24875);
    expect(lineTotal(333, 1)).toBe(0);
    expect(lineTotal(500, 1)).toBe(1);
    expect(lineTotal(1500, 333)).toBe(500); // 499.5 → 500
  });

  it('is exact for whole pieces', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        (pieces, price) => {
          expect(lineTotal(pieces * 1000, price)).toBe(pieces * price);
        },
      ),
    );
  });

  it('reads what a cashier types and round-trips formatted amounts', () => {
    expect(parseMoneyInput('1 200,50')).toBe(120050);
    expect(parseMoneyInput('200')).toBe(20000);
    expect(parseMoneyInput('0.5')).toBe(50);
    for (const bad of ['', '-1', '1.234', 'abc', '1..2']) expect(parseMoneyInput(bad)).toBeNull();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), (minor) => {
        const text = `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
        expect(parseMoneyInput(text)).toBe(minor);
      }),
    );
  });

  it('formats with the store currency', () => {
    expect(formatMoney(12345, 'RUB', 'ru-RU').replace(/\s/g, ' ')).toBe('123,45 ₽');
    expect(formatMoney(12345, 'USD', 'en-US')).toBe('$123.45');
  });

  it("knows each currency's minor units, in any locale", () => {
    expect([minorDigits('RUB'), minorDigits('JPY'), minorDigits('KWD')]).toEqual([2, 0, 3]);
    expect(formatMoney(12345, 'JPY', 'en-US')).toBe('¥12,345');
    expect(formatMoney(12345, 'KWD', 'en-US').replace(/\s/g, ' ')).toBe('KWD 12.345');
  });
});
