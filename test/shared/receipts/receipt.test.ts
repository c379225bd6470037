import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeLinkCode, normalizeLinkCode, parseLinkCode } from '../../../shared/barcode/serverCodes';
import { lineTotal } from '../../../shared/domain/money';
import { saleSchema, type Sale } from '../../../shared/domain/sale';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { buildReceipt, DEFAULT_VAT_RATE_BP } from '../../../shared/receipts/receipt';

function sale(items: [price: number, qty: number, vat?: number][], discountMinor = 0, burn = 0): Sale {
  const lines = items.map(([price, qty, vat], i) => ({
    lineNo: i + 1,
    productId: `p${i}`,
    gtin: '4600000000008',
    name: `Item ${i + 1}`,
    quantityMilli: qty,
    unitPriceMinor: price,
    totalMinor: lineTotal(qty, price),
    ...(vat === undefined ? {} : { vatRateBp: vat }),
  }));
  const total = lines.reduce((s, l) => s + l.totalMinor, 0) - discountMinor;
  const due = total - burn * 100;
  return saleSchema.parse({
    saleId: uuidv7(),
    receiptNo: 'S1-AB12-000001',
    cardNumber: discountMinor || burn ? '9900000000017' : null,
    currency: 'RUB',
    lines,
    payments: [{ method: 'cash', amountMinor: due, tenderedMinor: due + 50, changeMinor: 50 }],
    totalMinor: total,
    wallTime: '2026-03-01T10:00:00.000+03:00',
    linkCode: makeLinkCode(crypto.getRandomValues(new Uint8Array(9))),
    ...(discountMinor || burn
      ? {
          loyalty: {
            configVersion: 1,
            tierCode: 'gold',
            discountMinor,
            pointsBurned: burn,
            burnValueMinor: burn * 100,
            pointsEarned: 7,
          },
        }
      : {}),
  });
}

describe('receipt model', () => {
  it('prints the sale as recorded: totals, discount, points, payments, change and the link code', () => {
    const s = sale(
      [
        [8990, 2000, 1000],
        [19900, 1250],
      ],
      1000,
      20,
    );
    const r = buildReceipt(s, { name: 'Store 1', address: '1 Main St' }, 'Anna');
    expect(r.id).toBe(s.saleId);
    expect(r.subtotalMinor).toBe(17980 + 24875);
    expect(r.discountMinor).toBe(1000);
    expect(r.totalMinor).toBe(s.totalMinor);
    expect(r.subtotalMinor - r.discountMinor).toBe(r.totalMinor);
    expect([r.pointsBurned, r.burnValueMinor, r.pointsEarned]).toEqual([20, 2000, 7]);
    expect(r.changeMinor).toBe(50);
    expect(r.lines.map((l) => l.vatRateBp)).toEqual([1000, DEFAULT_VAT_RATE_BP]);
    // Lines recorded without a unit count pieces.
    expect(r.lines.map((l) => l.unit)).toEqual(['piece', 'piece']);
    expect(r.linkPayload).toBe(`OMNI-L:${s.linkCode}`);
    expect(parseLinkCode(r.linkPayload!)).toMatchObject({ ok: true, code: s.linkCode });
  });

  it('VAT shares by rate add up to the total for any basket and discount', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 1, max: 1e6 }),
            fc.integer({ min: 1, max: 5000 }),
            fc.constantFrom(0, 1000, 2000),
          ),
          {
            minLength: 1,
            maxLength: 8,
          },
        ),
        fc.integer({ min: 0, max: 100 }),
        (items, discountPct) => {
          const gross = items.reduce((s, [p, q]) => s + lineTotal(q, p), 0);
          const r = buildReceipt(sale(items, Math.floor((gross * discountPct) / 100)), { name: 'S' });
          expect(r.vat.reduce((s, v) => s + v.grossMinor, 0)).toBe(r.totalMinor);
          for (const v of r.vat) expect(v.grossMinor).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});

describe('weighed lines', () => {
  it('keep their kilograms from the sale to the receipt, and a line without a unit stays pieces', () => {
    const s = sale([
      [12000, 750],
      [8990, 2000],
    ]);
    const weighed = saleSchema.parse({ ...s, lines: [{ ...s.lines[0], unit: 'kg' }, s.lines[1]] });
    const r = buildReceipt(weighed, { name: 'S' });
    expect(r.lines.map((l) => [l.unit, l.quantityMilli, l.totalMinor])).toEqual([
      ['kg', 750, 9000],
      ['piece', 2000, 17980],
    ]);
    expect(saleSchema.safeParse({ ...s, lines: [{ ...s.lines[0], unit: 'litre' }] }).success).toBe(false);
  });
});

describe('link codes minted by a till', () => {
  it('are ten canonical symbols whose check symbol holds, and a wrong symbol is caught', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 9, maxLength: 9 }),
        fc.integer({ min: 0, max: 8 }),
        (bytes, at) => {
          const code = makeLinkCode(bytes);
          expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
          expect(normalizeLinkCode(code)).toBe(code);
          const symbol = code[at]!;
          const other = symbol === '0' ? '1' : '0';
          expect(normalizeLinkCode(code.slice(0, at) + other + code.slice(at + 1))).toBeUndefined();
        },
      ),
    );
  });

  it('a sale refuses a link code with a wrong check symbol', () => {
    const s = sale([[100, 1000]]);
    const code = s.linkCode!;
    const bad = code.slice(0, 9) + (code[9] === '0' ? '1' : '0');
    expect(saleSchema.safeParse({ ...s, linkCode: bad }).success).toBe(false);
  });
});
