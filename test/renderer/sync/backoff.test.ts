import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../renderer/sync/backoff';

describe('retry backoff', () => {
  it('grows exponentially from one second and is capped at sixty', () => {
    const top = (n: number) => backoffDelay(n, () => 0.999999);
    expect([0, 1, 2, 3, 4, 5, 6, 7, 10].map(top)).toEqual([
      999, 1999, 3999, 7999, 15999, 31999, 59999, 59999, 59999,
    ]);
  });

  it('jitters over the whole range, down to zero', () => {
    expect(backoffDelay(5, () => 0)).toBe(0);
    expect(backoffDelay(5, () => 0.5)).toBe(16000);
  });
});
