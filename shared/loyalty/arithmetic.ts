/**
 * Exact integer arithmetic for loyalty: products of money and rates can pass 2^53, so they are
 * taken in BigInt and only the (safe) result comes back as a number.
 */

/**
 * ⌊a × b / c⌋ for non-negative safe integers, exactly.
 *
 * @example mulDivFloor(999, 500, 10_000) // 49 (5 % of 9.99, rounded down)
 */
export function mulDivFloor(a: number, b: number, c: number): number {
  if (c <= 0) throw new RangeError('divisor must be positive');
  return Number((BigInt(a) * BigInt(b)) / BigInt(c));
}

/**
 * Splits `amount` over `weights` in proportion, by the largest-remainder method: each share is
 * rounded down, and the units left over go one each to the largest fractional parts (ties to the
 * earlier weight). The shares always sum to `amount` exactly, so no minor unit is created or lost,
 * and while `amount` ≤ the sum of weights no share exceeds its weight.
 *
 * @example allocate(10, [1, 1, 1]) // [4, 3, 3]
 */
export function allocate(amount: number, weights: readonly number[]): number[] {
  const total = weights.reduce((s, w) => s + w, 0);
  if (amount === 0 || total === 0) return weights.map(() => 0);
  const big = BigInt(amount);
  const bigTotal = BigInt(total);
  const shares = weights.map((w) => (BigInt(w) * big) / bigTotal);
  const remainders = weights.map((w, i) => ({ i, r: (BigInt(w) * big) % bigTotal }));
  let left = amount - Number(shares.reduce((s, x) => s + x, 0n));
  remainders.sort((x, y) => (x.r === y.r ? x.i - y.i : x.r > y.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0) break;
    shares[i] = shares[i]! + 1n;
    left--;
  }
  return shares.map(Number);
}
