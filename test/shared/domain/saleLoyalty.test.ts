import { describe, expect, it } from 'vitest';
import { parseOperationPayload } from '../../../shared/sync/operations';
import { makeSale } from '../../server/support/chain';
import { loyaltySale } from '../../server/loyalty/saleLoyalty';

const parse = (payload: unknown) =>
  parseOperationPayload('sale.record', 1, JSON.parse(JSON.stringify(payload)));

describe('sale.record v1 with and without loyalty', () => {
  it('still accepts a sale queued before loyalty existed', () => {
    expect(parse(makeSale())).toMatchObject({ ok: true });
  });

  it('accepts a discounted sale paid partly by points, when the arithmetic holds', () => {
    const sale = loyaltySale('gold', 200);
    expect(sale.totalMinor).toBe(95_000);
    expect(sale.payments[0]?.amountMinor).toBe(75_000);
    expect(parse(sale)).toMatchObject({ ok: true });
  });

  it('refuses loyalty figures that do not add up, saying which', () => {
    const sale = loyaltySale('gold', 200);
    const cases: [unknown, string][] = [
      [{ ...sale, totalMinor: 100_000 }, 'totalMinor: total ≠ sum of lines − loyalty discount'],
      [
        { ...sale, payments: [{ ...sale.payments[0], amountMinor: 95_000, tenderedMinor: 95_000 }] },
        'payments: payments ≠ total − points',
      ],
      [{ ...sale, cardNumber: null }, 'loyalty: loyalty needs a card'],
      [
        { ...sale, loyalty: { ...sale.loyalty, burnValueMinor: 96_000 } },
        'loyalty.burnValueMinor: points pay more than the total',
      ],
    ];
    for (const [payload, message] of cases) {
      const parsed = parse(payload);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.detail).toContain(message);
    }
  });
});
