import type { Db } from '../../db/connect';
import { hoursBetween, spread, type Spread } from './leadTimes';
import { figureRows, pickupTimes } from './figureRows';
import { readOffMainThread } from '../../db/readOffMainThread';
import { monthsBetween } from '../../../shared/domain/figureMonths';

/** Sales, orders and customers of one month, or of the whole period. */
export type FigureCounts = {
  storeSales: number;
  /** Store sales of a known customer (card, or a receipt linked online later). */
  linkedSales: number;
  storeMinor: number;
  linkedMinor: number;
  /** Refunded at the tills, as a positive amount. */
  returnsMinor: number;
  onlineOrders: number;
  onlineMinor: number;
  /** Of `onlineMinor`, the parts to collect in a store (click-and-collect); the rest is delivered. */
  pickupMinor: number;
  /** Known customers who bought at least once, in a store or online. */
  activeCustomers: number;
  /** Of those, the ones who bought both in a store and online. */
  omnichannelCustomers: number;
  /** Of those, the ones who bought at least twice. */
  repeatCustomers: number;
};

export type LtvSegment = 'store' | 'online' | 'omnichannel';

export type OmnichannelFigures = {
  from: string;
  to: string;
  currency: string;
  /** Every currency the chain's stores sell in; figures are for one at a time. */
  currencies: string[];
  months: (FigureCounts & { month: string })[];
  period: FigureCounts;
  /**
   * Customers active in the period by where they buy, with their net spend (purchases less
   * refunds) over their whole history up to the period's end.
   */
  ltv: { segment: LtvSegment; customers: number; netMinor: number }[];
  /** Store parts of online orders collected (in whole or in part) in the period. */
  pickupLeadTime: {
    collected: number;
    placedToReady: Spread;
    readyToCollected: Spread;
    placedToCollected: Spread;
  };
  /** Sales and online orders of the period in other currencies, not counted above. */
  otherCurrency: { storeSales: number; onlineOrders: number };
};

const emptyCounts = (): FigureCounts => ({
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
});

/**
 * HQ's omnichannel figures for the months `from`..`to` (docs/operations.md §17): linked share,
 * channel mix, active, omnichannel and repeat customers, lifetime value by segment and pickup lead
 * time. Read-only; every sum is grouped in the database, so the rows that reach the server are a
 * few per month whatever the chain's size.
 */
export async function omnichannelFigures(
  db: Db,
  range: { from: string; to: string; currency?: string | undefined },
): Promise<OmnichannelFigures> {
  const k = db.kysely;
  const currencies = (
    await k
      .selectFrom('stores')
      .select((eb) => ['currency', eb.fn.countAll<number>().as('n')])
      .groupBy('currency')
      .orderBy('n', 'desc')
      .orderBy('currency')
      .execute()
  ).map((r) => r.currency);
  const currency = range.currency ?? currencies[0] ?? 'RUB';
  const { from, to } = range;
  const byMonth = new Map(monthsBetween(from, to).map((m) => [m, { month: m, ...emptyCounts() }]));
  const period = emptyCounts();
  const ltvCounts = new Map<string, { customers: number; net: number }>();
  const otherCurrency = { storeSales: 0, onlineOrders: 0 };
  for (const r of await readOffMainThread(db, figureRows(currency, from, to).compile(k))) {
    const n = Number(r.n);
    const a = Number(r.a);
    if (r.kind === 'channel') {
      for (const c of [byMonth.get(r.month), period]) {
        if (c === undefined) continue;
        if (r.label === 'store') {
          c.storeSales += n;
          c.storeMinor += a;
          c.linkedSales += Number(r.c);
          c.linkedMinor += Number(r.d);
        } else if (r.label === 'online') {
          c.onlineOrders += n;
          c.onlineMinor += a;
          // A shop may put delivery or fees in the total that no store part carries, never the reverse.
          c.pickupMinor += Math.min(Number(r.b), a);
        } else {
          c.returnsMinor -= a;
        }
      }
    } else if (r.kind === 'customers') {
      const c = r.month === '' ? period : byMonth.get(r.month);
      if (c === undefined) continue;
      c.activeCustomers = n;
      c.omnichannelCustomers = a;
      c.repeatCustomers = Number(r.b);
    } else if (r.kind === 'ltv') {
      ltvCounts.set(r.label, { customers: n, net: a });
    } else if (r.label === 'store') {
      otherCurrency.storeSales = n;
    } else {
      otherCurrency.onlineOrders = n;
    }
  }
  const ltv = (['omnichannel', 'store', 'online'] as const).map((segment) => ({
    segment,
    customers: ltvCounts.get(segment)?.customers ?? 0,
    netMinor: ltvCounts.get(segment)?.net ?? 0,
  }));

  const pickups = await readOffMainThread(db, pickupTimes(from, to).compile(k));
  const hours = (pick: (r: (typeof pickups)[number]) => number | null) =>
    pickups.map(pick).filter((h): h is number => h !== null);

  return {
    from,
    to,
    currency,
    currencies: currencies.length > 0 ? currencies : [currency],
    months: [...byMonth.values()],
    period,
    ltv,
    pickupLeadTime: {
      collected: pickups.length,
      placedToReady: spread(hours((r) => hoursBetween(r.placed_at, r.ready_at))),
      readyToCollected: spread(hours((r) => hoursBetween(r.ready_at, r.settled_at))),
      placedToCollected: spread(hours((r) => hoursBetween(r.placed_at, r.settled_at))),
    },
    otherCurrency,
  };
}
