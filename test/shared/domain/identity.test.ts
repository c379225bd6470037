import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { canonicalJson } from '../../../shared/domain/canonicalJson';
import { maskName, normalizeEmail, normalizePhone } from '../../../shared/domain/identifiers';
import { UUID_V7, uuidv7 } from '../../../shared/domain/uuidv7';

describe('ids and identifiers', () => {
  it('generates UUIDv7s that sort in creation order, even within one millisecond', () => {
    vi.useFakeTimers({ toFake: ['Date'], now: 1_700_000_000_000 });
    try {
      const ids = Array.from({ length: 5000 }, () => uuidv7());
      expect(ids.every((id) => UUID_V7.test(id))).toBe(true);
      // Every id carries the frozen millisecond, so the order comes from the counter alone.
      expect(new Set(ids.map(millisecondsOf))).toEqual(new Set([1_700_000_000_000]));
      expect([...ids].sort()).toEqual(ids);
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      vi.useRealTimers();
    }
  });

  it('puts the Unix milliseconds first and never goes backwards when the clock does', () => {
    const before = Date.now();
    const id = uuidv7();
    const ms = millisecondsOf(id);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(Date.now());
    vi.useFakeTimers({ toFake: ['Date'], now: ms - 3_600_000 }); // the till's clock jumped back an hour
    try {
      const later = [uuidv7(), uuidv7()];
      expect(later[0]! > id).toBe(true);
      expect(later[1]! > later[0]!).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('normalizes phones to E.164 and emails to lower case', () => {
    expect(normalizePhone('8 (912) 345-67-89')).toBe('+79123456789');
    expect(normalizePhone('+7 912 345 67 89')).toBe('+79123456789');
    expect(normalizePhone('9123456789')).toBe('+79123456789');
    expect(normalizePhone('12345')).toBeNull();
    expect(normalizeEmail(' Anna.Petrova@Example.COM ')).toBe('anna.petrova@example.com');
    expect(normalizeEmail('not an email')).toBeNull();
    expect(maskName('Anna Petrova')).toBe('Anna P.');
  });

  it('serializes the same value the same way whatever its key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (value) => {
        const reversed = Object.fromEntries(Object.entries(value).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(value));
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});

function millisecondsOf(id: string): number {
  return parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}
