import { minorDigits } from '../../../shared/domain/money';
import { channelMix, perCustomer, share, type FigureCounts, type Figures } from './figureRatios';

const COLUMNS = [
  'month',
  'currency',
  'store_sales',
  'linked_sales',
  'linked_share',
  'store_revenue',
  'linked_revenue',
  'refunds',
  'online_orders',
  'online_revenue',
  'click_and_collect_revenue',
  'delivery_revenue',
  'customers',
  'omnichannel_customers',
  'repeat_customers',
  'ltv_omnichannel',
  'ltv_store_only',
  'ltv_online_only',
  'pickup_hours_median',
  'pickup_hours_p90',
] as const;

/**
 * The figures as one table for a spreadsheet: a row per month and a last row for the whole
 * period (its month is `from..to`), which alone carries lifetime value and pickup lead time.
 * Amounts are in the currency's major units with a point, shares are fractions: a spreadsheet in
 * any locale reads them as numbers. RFC 4180, with a byte-order mark so Excel reads UTF-8.
 */
export function figuresCsv(figures: Figures): string {
  const digits = minorDigits(figures.currency);
  const amount = (minor: number | null) => (minor === null ? '' : (minor / 10 ** digits).toFixed(digits));
  const fraction = (n: number | null) => (n === null ? '' : n.toFixed(4));
  const counts = (month: string, c: FigureCounts) => {
    const mix = channelMix(c);
    return [
      month,
      figures.currency,
      c.storeSales,
      c.linkedSales,
      fraction(share(c.linkedSales, c.storeSales)),
      amount(c.storeMinor),
      amount(c.linkedMinor),
      amount(c.returnsMinor),
      c.onlineOrders,
      amount(c.onlineMinor),
      amount(mix.pickup),
      amount(mix.delivery),
      c.activeCustomers,
      c.omnichannelCustomers,
      c.repeatCustomers,
    ];
  };
  const ltv = (segment: Figures['ltv'][number]['segment']) => {
    const row = figures.ltv.find((r) => r.segment === segment);
    return amount(row ? perCustomer(row) : null);
  };
  const lead = figures.pickupLeadTime.placedToCollected;
  const rows = [
    ...figures.months.map((m) => [...counts(m.month, m), '', '', '', '', '']),
    [
      ...counts(`${figures.from}..${figures.to}`, figures.period),
      ltv('omnichannel'),
      ltv('store'),
      ltv('online'),
      lead ? String(lead.p50) : '',
      lead ? String(lead.p90) : '',
    ],
  ];
  return `\uFEFF${[COLUMNS, ...rows].map((row) => row.map((v) => cell(String(v))).join(',')).join('\r\n')}\r\n`;
}

const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
