export { allocate, mulDivFloor } from './arithmetic';
export {
  basisPoints,
  loyaltyConfigSchema,
  loyaltyTierSchema,
  resolveTier,
  tierForSpend,
  type LoyaltyConfig,
  type LoyaltyTier,
} from './config';
export {
  applyBurn,
  pointsEarned,
  priceBasket,
  type AppliedBurn,
  type BasketBalance,
  type BasketCard,
  type BasketLine,
  type PricedBasket,
  type PricedLine,
} from './pricing';
