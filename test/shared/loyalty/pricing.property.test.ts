import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, applyBurn, pointsEarned, priceBasket } from '../../../shared/loyalty';
import { arbBalance, arbConfig, arbLines, config } from './fixtures';

const arbTier = (c: { tiers: { code: string }[] }) =>
  fc.constantFrom(...c.tiers.map((t) => t.code), 'retired');

describe('loyalty pricing, for any basket, card and rules', () => {
  it('gives the same result for the same inputs (the till and the server run this code)', () => {
    fc.assert(
      fc.property(
        arbConfig.chain((c) => fc.tuple(fc.constant(c), arbLines, arbTier(c), arbBalance, fc.nat(1e7))),
        ([c, lines, tierCode, balance, burn]) => {
          const a = priceBasket(lines, { tierCode }, c, balance);
          // A copy made through JSON, as the sale travels from the till to the server.
          const b = priceBasket(
            JSON.parse(JSON.stringify(lines)) as typeof lines,
            { tierCode },
            JSON.parse(JSON.stringify(c)) as typeof c,
            balance,
          );
          expect(b).toEqual(a);
          expect(applyBurn(b, burn, c)).toEqual(applyBurn(a, burn, c));
        },
      ),
    );
  });

  it('splits the discount over the lines without creating or losing a minor unit', () => {
    fc.assert(
      fc.property(
        arbConfig.chain((c) => fc.tuple(fc.constant(c), arbLines, arbTier(c), arbBalance)),
        ([c, lines, tierCode, balance]) => {
          const priced = priceBasket(lines, { tierCode }, c, balance);
          const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
          expect(sum(priced.lines.map((l) => l.discountMinor))).toBe(priced.discountMinor);
          expect(sum(priced.lines.map((l) => l.netMinor))).toBe(priced.totalMinor);
          expect(priced.subtotalMinor - priced.discountMinor).toBe(priced.totalMinor);
          for (const l of priced.lines) {
            expect(l.discountMinor).toBeGreaterThanOrEqual(0);
            expect(l.netMinor).toBeGreaterThanOrEqual(0);
            expect(l.discountMinor + l.netMinor).toBe(l.totalMinor);
          }
        },
      ),
    );
  });

  it('never lets a total go negative, nor points pay more than the cap or the balance', () => {
    fc.assert(
      fc.property(
        arbConfig.chain((c) =>
          fc.tuple(fc.constant(c), arbLines, arbTier(c), arbBalance, fc.integer({ min: -10, max: 1e9 })),
        ),
        ([c, lines, tierCode, balance, burn]) => {
          const priced = priceBasket(lines, { tierCode }, c, balance);
          expect(priced.totalMinor).toBeGreaterThanOrEqual(0);
          expect(priced.maxBurnPoints).toBeGreaterThanOrEqual(0);
          expect(priced.maxBurnPoints).toBeLessThanOrEqual(
            Math.max(0, balance.points - balance.unsyncedBurnedPoints),
          );
          if (balance.fromCache) expect(priced.maxBurnPoints).toBeLessThanOrEqual(c.offlineBurnCapPoints);
          const applied = applyBurn(priced, burn, c);
          expect(applied.dueMinor).toBeGreaterThanOrEqual(0);
          expect(applied.pointsEarned).toBeGreaterThanOrEqual(0);
          // Points pay at most the cap's share of the receipt: value × 10,000 ≤ total × cap.
          expect(BigInt(applied.burnValueMinor) * 10_000n).toBeLessThanOrEqual(
            BigInt(priced.totalMinor) * BigInt(c.maxBurnBp),
          );
          expect(applied.burnValueMinor).toBe(applied.pointsBurned * c.pointValueMinor);
          expect(applied.dueMinor + applied.burnValueMinor).toBe(priced.totalMinor);
          const lineBurns = applied.lineBurnMinor.map((l) => l.burnMinor);
          expect(lineBurns.reduce((s, x) => s + x, 0)).toBe(applied.burnValueMinor);
          priced.lines.forEach((l, i) => expect(lineBurns[i]).toBeLessThanOrEqual(l.netMinor));
        },
      ),
    );
  });

  it('earns on the money paid, rounded down to whole points, never more than the rate gives', () => {
    fc.assert(
      fc.property(
        arbConfig.chain((c) => fc.tuple(fc.constant(c), arbTier(c), fc.integer({ min: 0, max: 1e12 }))),
        ([c, tierCode, paid]) => {
          const earned = pointsEarned(c, tierCode, paid);
          const tier = c.tiers.find((t) => t.code === tierCode) ?? c.tiers[0]!;
          const exact = BigInt(paid) * BigInt(tier.earnBp);
          const unit = 10_000n * BigInt(c.pointValueMinor);
          // ⌊exact / unit⌋: the earned points are worth at most the rate, and less than one point short.
          expect(BigInt(earned) * unit).toBeLessThanOrEqual(exact);
          expect(BigInt(earned + 1) * unit).toBeGreaterThan(exact);
        },
      ),
    );
  });

  it('allocates any amount over any weights exactly, each share within its weight', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1e12 }), { minLength: 1, maxLength: 50 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (weights, share) => {
          const total = weights.reduce((s, w) => s + w, 0);
          const amount = Math.floor(total * share);
          const parts = allocate(amount, weights);
          expect(parts.reduce((s, x) => s + x, 0)).toBe(total === 0 ? 0 : amount);
          parts.forEach((p, i) => {
            expect(p).toBeGreaterThanOrEqual(0);
            expect(p).toBeLessThanOrEqual(weights[i]!);
          });
        },
      ),
    );
  });
});

describe('loyalty pricing, worked examples a cashier could check', () => {
  const lines = [
    { lineNo: 1, totalMinor: 8990 },
    { lineNo: 2, totalMinor: 24875 },
    { lineNo: 3, totalMinor: 5490 },
  ];
  const cached = { points: 5000, unsyncedBurnedPoints: 0, fromCache: true };

  it('takes 5 % off for gold, rounded down, split so the lines add up', () => {
    const priced = priceBasket(lines, { tierCode: 'gold' }, config, cached);
    expect(priced.subtotalMinor).toBe(39355);
    expect(priced.discountMinor).toBe(1967); // 1967.75 → 1967
    expect(priced.lines.map((l) => l.discountMinor)).toEqual([449, 1243, 275]); // 449.33, 1243.28, 274.39: the spare unit to .39;
    expect(priced.totalMinor).toBe(37388);
    expect(priced.receiptCapPoints).toBe(186); // half of 373.88 is 186.94 → 186 points of 1.00
  });

  it('spends points, earns on the rest, and caps what a cached balance may spend', () => {
    const priced = priceBasket(lines, { tierCode: 'gold' }, config, {
      ...cached,
      points: 150,
      unsyncedBurnedPoints: 30,
    });
    expect(priced.maxBurnPoints).toBe(120);
    const applied = applyBurn(priced, 120, config);
    expect(applied.dueMinor).toBe(37388 - 12000);
    expect(applied.pointsEarned).toBe(12); // 5 % of 253.88 = 12.69 → 12
    expect(
      priceBasket(lines, { tierCode: 'gold' }, { ...config, offlineBurnCapPoints: 50 }, cached).maxBurnPoints,
    ).toBe(50);
    expect(applyBurn(priced, 10_000, config).pointsBurned).toBe(186);
  });

  it('gives no discount and no points without a card, and the base tier to an unknown tier code', () => {
    const none = priceBasket(lines, null, config, cached);
    expect(none).toMatchObject({ tierCode: null, discountMinor: 0, maxBurnPoints: 0, totalMinor: 39355 });
    expect(applyBurn(none, 100, config)).toMatchObject({ pointsBurned: 0, pointsEarned: 0, dueMinor: 39355 });
    expect(priceBasket(lines, { tierCode: 'platinum' }, config, cached).tierCode).toBe('base');
  });
});
