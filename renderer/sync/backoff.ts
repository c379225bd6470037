/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"):
 * a random wait between 0 and min(cap, base·2^attempt), so a store's tills coming back online
 * together do not knock on the server in step.
 *
 * @example backoffDelay(3, () => 0.5) // 4000
 */
export function backoffDelay(
  failures: number,
  random: () => number = Math.random,
  baseMs = 1000,
  capMs = 60_000,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, failures));
  return Math.floor(random() * ceiling);
}
