import { describe, expect, it } from 'vitest';
import { figuresCsv } from '../../../../renderer/hq/figures/figuresCsv';
import type { Figures } from '../../../../renderer/hq/figures/figureRatios';

const counts = (over: Partial<Figures['period']> = {}): Figures['period'] => ({
  storeSales: 0,
  linkedSales: 0,
  storeMinor: 0,
  linkedMinor: 0,
  returnsMinor: 0,
  onlineOrders: 0,
  onlineMinor: 0,
  pickupMinor: 0,
  activeCustomers: 0,
  omnichannelCustomers: 0,
  repeatCustomers: 0,
  ...over,
});

const figures = (currency: string): Figures => ({
  from: '2026-10',
  to: '2026-11',
  currency,
  currencies: [currency],
  months: [
    {
      month: '2026-10',
      ...counts({
        storeSales: 3,
        linkedSales: 1,
        storeMinor: 123_456,
        onlineMinor: 5_000,
        pickupMinor: 2_000,
      }),
    },
    { month: '2026-11', ...counts() },
  ],
  period: counts({
    storeSales: 3,
    linkedSales: 1,
    storeMinor: 123_456,
    onlineMinor: 5_000,
    pickupMinor: 2_000,
  }),
  ltv: [
    { segment: 'omnichannel', customers: 2, netMinor: 10_001 },
    { segment: 'store', customers: 0, netMinor: 0 },
    { segment: 'online', customers: 1, netMinor: 999 },
  ],
  pickupLeadTime: {
    collected: 2,
    placedToReady: null,
    readyToCollected: null,
    placedToCollected: { p50: 26.5, p90: 49 },
  },
  otherCurrency: { storeSales: 0, onlineOrders: 0 },
});

describe('the figures as CSV', () => {
  it('is a rectangular sheet: a header, a row per month, the period last with LTV and lead time', () => {
    const csv = figuresCsv(figures('RUB'));
    expect(csv.startsWith('\uFEFFmonth,currency,')).toBe(true);
    const rows = csv
      .slice(1)
      .trimEnd()
      .split('\r\n')
      .map((r) => r.split(','));
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((r) => r.length)).size).toBe(1);
    const [header, october, , period] = rows;
    const cell = (row: string[] | undefined, column: string) => row![header!.indexOf(column)];
    expect(cell(october, 'linked_share')).toBe('0.3333');
    expect(cell(october, 'store_revenue')).toBe('1234.56');
    expect(cell(october, 'delivery_revenue')).toBe('30.00');
    expect(cell(october, 'ltv_omnichannel')).toBe('');
    expect(cell(period, 'month')).toBe('2026-10..2026-11');
    expect(cell(period, 'ltv_omnichannel')).toBe('50.01');
    expect(cell(period, 'ltv_store_only')).toBe('');
    expect(cell(period, 'ltv_online_only')).toBe('9.99');
    expect(cell(period, 'pickup_hours_median')).toBe('26.5');
    expect(cell(period, 'pickup_hours_p90')).toBe('49');
    // A month without sales has no share, rather than a share of nothing.
    expect(cell(rows[2], 'linked_share')).toBe('');
  });

  it('writes amounts in the currency’s own minor unit', () => {
    const [, october] = figuresCsv(figures('JPY')).trimEnd().split('\r\n');
    expect(october!.split(',')[5]).toBe('123456');
  });
});
