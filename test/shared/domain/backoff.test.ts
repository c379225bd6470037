import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, noJitter } from '../../../shared/domain/backoff';

describe('retry backoff', () => {
  it('grows exponentially from one second and is capped at sixty by default (the sync loop)', () => {
    const top = (n: number) => backoffDelay(n, { random: () => 0.999999 });
    expect([0, 1, 2, 3, 4, 5, 6, 7, 10].map(top)).toEqual([
      999, 1999, 3999, 7999, 15999, 31999, 59999, 59999, 59999,
    ]);
  });

  it('jitters over the whole range, down to zero', () => {
    expect(backoffDelay(5, { random: () => 0 })).toBe(0);
    expect(backoffDelay(5, { random: () => 0.5 })).toBe(16000);
  });

  it('gives the scanner reconnect its plain 250 ms → 2 s steps without jitter', () => {
    const scanner = { baseMs: 250, capMs: 2000, random: noJitter };
    expect([0, 1, 2, 3, 4, 10].map((attempt) => backoffDelay(attempt, scanner))).toEqual([
      250, 500, 1000, 2000, 2000, 2000,
    ]);
  });

  it('stays a whole number of milliseconds within [0, cap] for any attempt, however many', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -5, max: 100_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 600_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (attempt, baseMs, capMs, r) => {
          const delay = backoffDelay(attempt, { baseMs, capMs, random: () => r });
          expect(Number.isInteger(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(capMs);
        },
      ),
    );
  });
});
