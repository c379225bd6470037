import { z } from 'zod';
import { currencyCode, nonNegativeMinor } from '../domain/money';

/** A share in basis points: 10,000 = 100 %. Integers, so a percentage never becomes a float. */
export const basisPoints = z.number().int().min(0).max(10_000);

export const loyaltyTierSchema = z.object({
  code: z.string().regex(/^[a-z0-9_-]{1,32}$/, 'lowercase letters, digits, _ or -'),
  name: z.string().min(1).max(60),
  /** A customer reaches this tier once their lifetime spend (money paid, after discounts) is this much. */
  minLifetimeSpendMinor: nonNegativeMinor,
  /** Discount off every receipt of a card in this tier. */
  discountBp: basisPoints,
  /** Points earned, as a share of the money paid, in point value. */
  earnBp: basisPoints,
});
export type LoyaltyTier = z.infer<typeof loyaltyTierSchema>;

/**
 * A chain's loyalty rules (pull topic `loyalty_config`). Every change is a new `version`; a sale
 * names the version it was priced with, and the server keeps every version to price it again.
 */
export const loyaltyConfigSchema = z
  .object({
    version: z.number().int().positive(),
    currency: currencyCode,
    /** What one point pays, in minor units (100: one point pays 1.00). */
    pointValueMinor: z.number().int().positive().max(1_000_000),
    /** Points may pay at most this share of a receipt (after the tier discount). */
    maxBurnBp: basisPoints,
    /**
     * The most points one card may spend per receipt on the strength of the till's cached balance.
     * The cache may be stale (another till spent meanwhile), so this bounds what an overdraft can cost.
     */
    offlineBurnCapPoints: z.number().int().nonnegative().max(1_000_000_000),
    /** Ascending by `minLifetimeSpendMinor`; the first starts at 0 (every card has a tier). */
    tiers: z.array(loyaltyTierSchema).min(1).max(20),
  })
  .superRefine((config, ctx) => {
    if (config.tiers[0]?.minLifetimeSpendMinor !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['tiers', 0, 'minLifetimeSpendMinor'],
        message: 'the first tier starts at 0',
      });
    }
    for (let i = 1; i < config.tiers.length; i++) {
      if (config.tiers[i]!.minLifetimeSpendMinor <= config.tiers[i - 1]!.minLifetimeSpendMinor) {
        ctx.addIssue({
          code: 'custom',
          path: ['tiers', i, 'minLifetimeSpendMinor'],
          message: 'tiers ascend by lifetime spend',
        });
      }
    }
    const codes = config.tiers.map((t) => t.code);
    if (new Set(codes).size !== codes.length) {
      ctx.addIssue({ code: 'custom', path: ['tiers'], message: 'tier codes are unique' });
    }
  });
export type LoyaltyConfig = z.infer<typeof loyaltyConfigSchema>;

/**
 * The tier a lifetime spend reaches: the highest whose threshold it meets.
 *
 * @example tierForSpend(config, 0).code // 'base'
 */
export function tierForSpend(config: LoyaltyConfig, lifetimeSpendMinor: number): LoyaltyTier {
  let tier = config.tiers[0]!;
  for (const t of config.tiers) if (lifetimeSpendMinor >= t.minLifetimeSpendMinor) tier = t;
  return tier;
}

/**
 * The tier a card was assigned (by the server, from its lifetime spend, or by HQ for that card);
 * a code this config does not know (the config changed since) falls back to the first tier, the
 * same way at every till and on the server.
 *
 * @example resolveTier(config, 'gold').discountBp // 500
 */
export function resolveTier(config: LoyaltyConfig, tierCode: string): LoyaltyTier {
  return config.tiers.find((t) => t.code === tierCode) ?? config.tiers[0]!;
}
