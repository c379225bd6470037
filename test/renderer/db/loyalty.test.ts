import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saleSchema } from '../../../shared/domain/sale';
import type { LoyaltyConfig } from '../../../shared/loyalty';
import { phoneLookupKey } from '../../../shared/sync/protocol';
import { applyPullPage } from '../../../renderer/db/catalog';
import type { TillDb } from '../../../renderer/db/database';
import {
  findCustomerByCard,
  findCustomerByPhone,
  loyaltyConfig,
  quoteLoyalty,
  unsyncedBurnedPoints,
} from '../../../renderer/db/loyalty';
import { applyPushResults } from '../../../renderer/db/outbox';
import { prepareSale, recordSale } from '../../../renderer/db/sales';
import { enrolledTillDb } from './support';

const CARD = '2990000000012';
const config: LoyaltyConfig = {
  version: 2,
  currency: 'RUB',
  pointValueMinor: 100,
  maxBurnBp: 5000,
  offlineBurnCapPoints: 500,
  tiers: [
    { code: 'base', name: 'Base', minLifetimeSpendMinor: 0, discountBp: 0, earnBp: 100 },
    { code: 'gold', name: 'Gold', minLifetimeSpendMinor: 100_000, discountBp: 500, earnBp: 500 },
  ],
};
const anna = {
  customerId: 'cust-1',
  maskedName: 'Anna P.',
  tierCode: 'gold',
  pointsBalance: 300,
  offers: [],
  phoneKey: phoneLookupKey('+79120000001'),
};
const page = (cursor: string, changes: { topic: string; id: string; data: unknown }[]) => ({
  changes,
  cursor,
  hasMore: false,
});
/** 10 × 100.00: gold pays 950.00, and points may pay at most half of it. */
const tenItems = {
  cardNumber: CARD,
  lines: [
    {
      productId: 'p1',
      gtin: '4601234567893',
      name: 'Milk 1 l',
      quantityMilli: 10_000,
      unitPriceMinor: 10_000,
    },
  ],
};

describe('loyalty at the till, from the pulled cache', () => {
  let db: TillDb;
  beforeEach(async () => {
    db = await enrolledTillDb();
    await applyPullPage(
      db,
      page('0.9', [
        { topic: 'loyalty_config', id: 'current', data: config },
        {
          topic: 'card',
          id: CARD,
          data: { number: CARD, customerId: 'cust-1', maskedName: 'Anna P.', status: 'active' },
        },
        { topic: 'customer_summary', id: 'cust-1', data: anna },
      ]),
    );
  });
  afterEach(() => db.delete());

  it('stores the loyalty_config and customer_summary topics instead of parking them', async () => {
    expect(await db.parked.count()).toBe(0);
    expect(await loyaltyConfig(db)).toEqual(config);
    expect(await findCustomerByCard(db, CARD)).toMatchObject({ card: { number: CARD }, summary: anna });
    // An older version arriving late never replaces the newer rules; a bad row is parked with its reason.
    await applyPullPage(
      db,
      page('1.0', [
        { topic: 'loyalty_config', id: 'current', data: { ...config, version: 1 } },
        { topic: 'customer_summary', id: 'cust-2', data: { customerId: 'cust-2' } },
      ]),
    );
    expect((await loyaltyConfig(db))?.version).toBe(2);
    const parked = await db.parked.toArray();
    expect(parked.map((p) => [p.topic, p.entityId])).toEqual([['customer_summary', 'cust-2']]);
    expect(parked[0]?.reason).toMatch(/maskedName/);
    await applyPullPage(db, page('1.1', [{ topic: 'customer_summary', id: 'cust-1', data: null }]));
    expect((await findCustomerByCard(db, CARD))?.summary).toBeNull();
  });

  it('finds the customer by phone typed any usual way, and says when it is not a phone', async () => {
    for (const typed of ['8 (912) 000-00-01', '+7 912 000 00 01', '9120000001']) {
      const found = await findCustomerByPhone(db, typed);
      expect(found).toMatchObject({
        kind: 'found',
        customer: { card: { number: CARD }, summary: { maskedName: 'Anna P.' } },
      });
    }
    expect(await findCustomerByPhone(db, '8 912 999-99-99')).toEqual({
      kind: 'notFound',
      e164: '+79129999999',
    });
    expect(await findCustomerByPhone(db, '12')).toEqual({ kind: 'notPhone' });
  });

  it('prices the sale with the tier discount and records the loyalty object the schema demands', async () => {
    const quote = await quoteLoyalty(db, CARD, [{ lineNo: 1, totalMinor: 100_000 }]);
    expect(quote).toMatchObject({ tierCode: 'gold', availablePoints: 300 });
    expect(quote?.priced).toMatchObject({ discountMinor: 5_000, totalMinor: 95_000, maxBurnPoints: 300 });

    const { sale } = await recordSale(db, {
      ...tenItems,
      pointsToBurn: 200,
      cardPayments: [{ amountMinor: 50_000, reference: 'AUTH 0042' }],
      cashTenderedMinor: 30_000,
    });
    expect(saleSchema.safeParse(sale).success).toBe(true);
    expect(sale.totalMinor).toBe(95_000);
    expect(sale.loyalty).toEqual({
      configVersion: 2,
      tierCode: 'gold',
      discountMinor: 5_000,
      pointsBurned: 200,
      burnValueMinor: 20_000,
      pointsEarned: 37, // 5 % of the 750.00 paid in money
    });
    expect(sale.payments).toEqual([
      { method: 'card', amountMinor: 50_000, reference: 'AUTH 0042' },
      { method: 'cash', amountMinor: 25_000, tenderedMinor: 30_000, changeMinor: 5_000 },
    ]);
  });

  it('subtracts this till’s unsynced burns from the balance until the server acknowledges them', async () => {
    const first = await recordSale(db, { ...tenItems, pointsToBurn: 200 });
    expect(await unsyncedBurnedPoints(db, 'cust-1')).toBe(200);
    const quote = await quoteLoyalty(db, CARD, [{ lineNo: 1, totalMinor: 100_000 }]);
    expect(quote).toMatchObject({ availablePoints: 100, priced: { maxBurnPoints: 100 } });
    // The screen showed 300 a moment ago: the transaction checks again and refuses 200 more.
    await expect(recordSale(db, { ...tenItems, pointsToBurn: 200 })).rejects.toThrow(
      /200 asked, 100 may be spent/,
    );
    expect(await db.sales.count()).toBe(1);

    await applyPushResults(db, [
      {
        opId: first.opId,
        seq: first.seq,
        status: 'applied',
        outcome: { outcome: 'applied', entityId: first.sale.saleId },
      },
    ]);
    expect(await unsyncedBurnedPoints(db, 'cust-1')).toBe(0);
    // The pull brings the balance the ledger committed: 300 − 200 + 37.
    await applyPullPage(
      db,
      page('2.0', [{ topic: 'customer_summary', id: 'cust-1', data: { ...anna, pointsBalance: 137 } }]),
    );
    expect((await quoteLoyalty(db, CARD, [{ lineNo: 1, totalMinor: 100_000 }]))?.availablePoints).toBe(137);
  });

  it('records a sale prepared on the payment screen as if it had read everything at confirm', async () => {
    const prepared = await prepareSale(db, CARD);
    const { sale } = await recordSale(db, { ...tenItems, pointsToBurn: 200 }, undefined, prepared);
    expect(sale.loyalty).toMatchObject({ tierCode: 'gold', pointsBurned: 200, discountMinor: 5_000 });
    expect(await unsyncedBurnedPoints(db, 'cust-1')).toBe(200);
  });

  it('checks points again at confirm when another sale spent them after payment started', async () => {
    const prepared = await prepareSale(db, CARD);
    // Another window of this till sells to the same customer while this one takes payment.
    await recordSale(db, { ...tenItems, pointsToBurn: 200 });
    await expect(recordSale(db, { ...tenItems, pointsToBurn: 200 }, undefined, prepared)).rejects.toThrow(
      /200 asked, 100 may be spent/,
    );
    expect(await db.sales.count()).toBe(1);
    const { sale } = await recordSale(db, { ...tenItems, pointsToBurn: 100 }, undefined, prepared);
    expect(sale.loyalty?.pointsBurned).toBe(100);
  });

  it('prices a prepared sale with what a pull brought after payment started', async () => {
    const prepared = await prepareSale(db, CARD);
    await applyPullPage(
      db,
      page('4.0', [{ topic: 'customer_summary', id: 'cust-1', data: { ...anna, tierCode: 'base' } }]),
    );
    const { sale } = await recordSale(db, tenItems, undefined, prepared);
    expect(sale.loyalty).toMatchObject({ tierCode: 'base', discountMinor: 0 });
    expect(sale.totalMinor).toBe(100_000);
  });

  it('prices a sale prepared before any loyalty rules with the rules a pull brought before confirm', async () => {
    const fresh = await enrolledTillDb();
    try {
      const card = { number: CARD, customerId: 'cust-1', maskedName: 'Anna P.', status: 'active' };
      await applyPullPage(
        fresh,
        page('0.9', [
          { topic: 'card', id: CARD, data: card },
          { topic: 'customer_summary', id: 'cust-1', data: anna },
        ]),
      );
      const prepared = await prepareSale(fresh, CARD);
      expect(prepared.loyalty?.config).toBeNull();
      await applyPullPage(fresh, page('1.0', [{ topic: 'loyalty_config', id: 'current', data: config }]));
      const { sale } = await recordSale(fresh, tenItems, undefined, prepared);
      expect(sale.loyalty).toMatchObject({ tierCode: 'gold', discountMinor: 5_000 });
    } finally {
      await fresh.delete();
    }
  });

  it('keeps the offline cap per receipt, and gives no loyalty to a blocked or unknown card', async () => {
    await applyPullPage(
      db,
      page('3.0', [{ topic: 'customer_summary', id: 'cust-1', data: { ...anna, pointsBalance: 5_000 } }]),
    );
    const big = await quoteLoyalty(db, CARD, [{ lineNo: 1, totalMinor: 10_000_000 }]);
    expect(big?.priced.maxBurnPoints).toBe(500);
    expect(await quoteLoyalty(db, '2990000000999', [{ lineNo: 1, totalMinor: 1000 }])).toBeNull();
    await applyPullPage(
      db,
      page('3.1', [
        {
          topic: 'card',
          id: CARD,
          data: { number: CARD, customerId: 'cust-1', maskedName: 'Anna P.', status: 'blocked' },
        },
      ]),
    );
    expect(await quoteLoyalty(db, CARD, [{ lineNo: 1, totalMinor: 1000 }])).toBeNull();
    const { sale } = await recordSale(db, tenItems);
    expect(sale.loyalty).toBeUndefined();
    expect(sale.totalMinor).toBe(100_000);
  });
});
