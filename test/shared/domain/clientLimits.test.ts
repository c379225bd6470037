import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../shared/domain/canonicalJson';
import { nestedDeeperThan } from '../../../shared/domain/jsonDepth';
import { MAX_OP_PAYLOAD_BYTES, MAX_PAYLOAD_DEPTH } from '../../../shared/domain/limits';
import { saleSchema } from '../../../shared/domain/sale';
import { saleStoredTextSchema } from '../../../shared/domain/saleText';
import { firstNonPlainCharacter, plainText } from '../../../shared/domain/text';
import { uuidv7 } from '../../../shared/domain/uuidv7';

describe('plain text', () => {
  it('refuses control characters and lone surrogates, keeps every other character', () => {
    for (const bad of ['\u0000', 'a\u0007', 'R\n1', '\u007f', '\u0085', 'x\ud800', '\udc00y']) {
      expect(firstNonPlainCharacter(bad), JSON.stringify(bad)).toBeGreaterThanOrEqual(0);
      expect(plainText(40).safeParse(bad).success).toBe(false);
    }
    for (const good of ['Молоко 3,2 %', 'Crème brûlée', '😀 emoji', '漢字', 'R-000042']) {
      expect(plainText(40).safeParse(good).success, good).toBe(true);
    }
  });
});

describe('payload depth', () => {
  it('measures 100,000 levels without running out of stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(nestedDeeperThan(deep, MAX_PAYLOAD_DEPTH)).toBe(true);
    expect(nestedDeeperThan({ a: [1, { b: 2 }] }, 3)).toBe(false);
    expect(nestedDeeperThan({ a: [1, { b: 2 }] }, 2)).toBe(true);
  });
});

describe('the limits never refuse a valid sale', () => {
  it('fits the largest sale schema v1 accepts, and its text passes the server check', () => {
    const text = (n: number) => '\u{10FFFF}'.repeat(n / 2);
    const lines = Array.from({ length: 500 }, (_, i) => ({
      lineNo: i + 1,
      productId: text(64),
      gtin: '46000000000080',
      name: text(200),
      quantityMilli: 1000,
      unitPriceMinor: 0,
      totalMinor: 0,
      markingCode: '\u001d'.repeat(300 - 3) + String(i).padStart(3, '0'),
    }));
    const sale = {
      saleId: uuidv7(),
      receiptNo: text(40),
      cardNumber: text(40),
      currency: 'RUB',
      lines,
      payments: Array.from({ length: 10 }, () => ({
        method: 'cash' as const,
        amountMinor: 0,
        tenderedMinor: Number.MAX_SAFE_INTEGER,
        changeMinor: Number.MAX_SAFE_INTEGER,
      })),
      totalMinor: 0,
      wallTime: '2030-01-01T00:00:00.000000000+03:00',
    };
    expect(saleSchema.safeParse(sale).success).toBe(true);
    expect(saleStoredTextSchema.safeParse(sale).success).toBe(true);
    expect(new TextEncoder().encode(canonicalJson(sale)).byteLength).toBeLessThan(MAX_OP_PAYLOAD_BYTES);
    expect(nestedDeeperThan(sale, MAX_PAYLOAD_DEPTH)).toBe(false);
  });
});
