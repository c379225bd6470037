import fc from 'fast-check';
import type { LoyaltyConfig } from '../../../shared/loyalty';

/** The demo chain's rules in miniature: 1.00 a point, points pay up to half a receipt. */
export const config: LoyaltyConfig = {
  version: 3,
  currency: 'RUB',
  pointValueMinor: 100,
  maxBurnBp: 5000,
  offlineBurnCapPoints: 2000,
  tiers: [
    { code: 'base', name: 'Base', minLifetimeSpendMinor: 0, discountBp: 0, earnBp: 100 },
    { code: 'silver', name: 'Silver', minLifetimeSpendMinor: 1_000_000, discountBp: 300, earnBp: 300 },
    { code: 'gold', name: 'Gold', minLifetimeSpendMinor: 5_000_000, discountBp: 500, earnBp: 500 },
  ],
};

export const arbConfig: fc.Arbitrary<LoyaltyConfig> = fc
  .record({
    version: fc.integer({ min: 1, max: 1000 }),
    pointValueMinor: fc.integer({ min: 1, max: 10_000 }),
    maxBurnBp: fc.integer({ min: 0, max: 10_000 }),
    offlineBurnCapPoints: fc.integer({ min: 0, max: 1_000_000 }),
    tiers: fc.array(
      fc.record({
        discountBp: fc.integer({ min: 0, max: 10_000 }),
        earnBp: fc.integer({ min: 0, max: 10_000 }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  })
  .map((c) => ({
    ...c,
    currency: 'RUB',
    tiers: c.tiers.map((t, i) => ({
      ...t,
      code: `t${i}`,
      name: `Tier ${i}`,
      minLifetimeSpendMinor: i * 100_000,
    })),
  }));

export const arbLines = fc
  .array(fc.integer({ min: 0, max: 100_000_000 }), { minLength: 1, maxLength: 40 })
  .map((totals) => totals.map((totalMinor, i) => ({ lineNo: i + 1, totalMinor })));

export const arbBalance = fc.record({
  points: fc.integer({ min: -1000, max: 10_000_000 }),
  unsyncedBurnedPoints: fc.integer({ min: 0, max: 10_000 }),
  fromCache: fc.boolean(),
});
