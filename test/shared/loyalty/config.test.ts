import { describe, expect, it } from 'vitest';
import { loyaltyConfigSchema, tierForSpend } from '../../../shared/loyalty';
import { parseUnknown } from '../../../shared/validation';
import { config } from './fixtures';

describe('loyalty configuration', () => {
  it('accepts the rules a chain sets and picks the tier a lifetime spend reaches', () => {
    expect(parseUnknown(loyaltyConfigSchema, config).ok).toBe(true);
    expect(tierForSpend(config, 0).code).toBe('base');
    expect(tierForSpend(config, 999_999).code).toBe('base');
    expect(tierForSpend(config, 1_000_000).code).toBe('silver');
    expect(tierForSpend(config, 80_000_000).code).toBe('gold');
  });

  it('refuses rules a till could not price with, saying where', () => {
    const bad = [
      [
        { ...config, tiers: config.tiers.slice(1) },
        'tiers[0].minLifetimeSpendMinor: the first tier starts at 0',
      ],
      [
        { ...config, tiers: [config.tiers[0], config.tiers[2], config.tiers[1]] },
        'tiers[2].minLifetimeSpendMinor: tiers ascend',
      ],
      [{ ...config, maxBurnBp: 10_001 }, 'maxBurnBp'],
      [{ ...config, pointValueMinor: 0 }, 'pointValueMinor'],
      [{ ...config, pointValueMinor: 1.5 }, 'pointValueMinor'],
      [
        { ...config, tiers: [config.tiers[0], { ...config.tiers[1], code: 'base' }] },
        'tiers: tier codes are unique',
      ],
    ] as const;
    for (const [value, message] of bad) {
      const parsed = parseUnknown(loyaltyConfigSchema, value);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.error).toContain(message);
    }
  });
});
