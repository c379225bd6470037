import { describe, expect, it } from 'vitest';
import { planTender } from '../../../renderer/till/tender';

describe('splitting what is due over card and cash', () => {
  it('takes the cards for their amounts and the rest in cash, with change only from cash', () => {
    expect(planTender(75_000, [{ amountMinor: 50_000, reference: ' AUTH 1 ' }], 30_000)).toEqual({
      ok: true,
      cashDueMinor: 25_000,
      changeMinor: 5_000,
      payments: [
        { method: 'card', amountMinor: 50_000, reference: 'AUTH 1' },
        { method: 'cash', amountMinor: 25_000, tenderedMinor: 30_000, changeMinor: 5_000 },
      ],
    });
  });

  it('pays wholly by card with no cash line, and exact cash when nothing is typed', () => {
    expect(planTender(1000, [{ amountMinor: 1000, reference: 'R' }], 5000)).toMatchObject({
      ok: true,
      payments: [{ method: 'card', amountMinor: 1000, reference: 'R' }],
      changeMinor: 0,
    });
    expect(planTender(1000, [], null)).toMatchObject({
      ok: true,
      payments: [{ method: 'cash', amountMinor: 1000, tenderedMinor: 1000, changeMinor: 0 }],
    });
    // A receipt paid wholly by points still has its one (empty) payment.
    expect(planTender(0, [], null)).toMatchObject({
      ok: true,
      payments: [{ method: 'cash', amountMinor: 0 }],
    });
  });

  it('refuses cards over the amount due, cash short, a missing reference and an empty card payment', () => {
    expect(planTender(1000, [{ amountMinor: 1500, reference: 'R' }], null)).toEqual({
      ok: false,
      problem: 'cardsOverDue',
    });
    expect(planTender(1000, [{ amountMinor: 500, reference: 'R' }], 400)).toEqual({
      ok: false,
      problem: 'cashShort',
    });
    expect(planTender(1000, [{ amountMinor: 500, reference: '  ' }], null)).toEqual({
      ok: false,
      problem: 'referenceMissing',
    });
    expect(planTender(1000, [{ amountMinor: 0, reference: 'R' }], null)).toEqual({
      ok: false,
      problem: 'cardAmountZero',
    });
  });
});
