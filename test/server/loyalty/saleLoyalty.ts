import { lineTotal } from '../../../shared/domain/money';
import type { Sale } from '../../../shared/domain/sale';
import { applyBurn, priceBasket, type LoyaltyConfig } from '../../../shared/loyalty';
import { makeSale } from '../support/chain';

export const chainConfig: LoyaltyConfig = {
  version: 1,
  currency: 'RUB',
  pointValueMinor: 100,
  maxBurnBp: 5000,
  offlineBurnCapPoints: 500,
  tiers: [
    { code: 'base', name: 'Base', minLifetimeSpendMinor: 0, discountBp: 0, earnBp: 100 },
    { code: 'gold', name: 'Gold', minLifetimeSpendMinor: 100_000, discountBp: 500, earnBp: 500 },
  ],
};

/** A sale priced the way a till does, with `shared/loyalty`, spending `burn` points. */
export function loyaltySale(
  tierCode: string,
  burn: number,
  items: [price: number, qtyMilli: number][] = [[100_000, 1000]],
  config = chainConfig,
): Sale {
  const lines = items.map(([price, qty], i) => ({ lineNo: i + 1, totalMinor: lineTotal(qty, price) }));
  const priced = priceBasket(lines, { tierCode }, config, {
    points: 1e9,
    unsyncedBurnedPoints: 0,
    fromCache: true,
  });
  const applied = applyBurn(priced, burn, config);
  const base = makeSale({}, items);
  return {
    ...base,
    totalMinor: priced.totalMinor,
    payments: [
      { method: 'cash', amountMinor: applied.dueMinor, tenderedMinor: applied.dueMinor, changeMinor: 0 },
    ],
    loyalty: {
      configVersion: config.version,
      tierCode,
      discountMinor: priced.discountMinor,
      pointsBurned: applied.pointsBurned,
      burnValueMinor: applied.burnValueMinor,
      pointsEarned: applied.pointsEarned,
    },
  };
}
