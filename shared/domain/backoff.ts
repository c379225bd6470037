/**
 * How long to wait before retry number `attempt` (0 for the first retry): exponential growth from
 * `baseMs`, capped at `capMs`, with full jitter (AWS Architecture Blog, "Exponential Backoff and
 * Jitter"): a wait drawn between 0 and min(cap, base·2^attempt), so a store's tills coming back
 * online together do not knock on the server in step. The defaults are the sync loop's: 1 s → 60 s.
 * A caller with no one to fall in step with (a scanner reconnecting to its own USB port) passes
 * `random: noJitter` and gets the plain exponential ceiling.
 *
 * @example backoffDelay(3, { random: () => 0.5 }) // 4000
 * @example backoffDelay(3, { baseMs: 250, capMs: 2000, random: noJitter }) // 2000
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const { baseMs = 1000, capMs = 60_000, random = Math.random } = options;
  // The exponent is bounded so a long outage cannot overflow to Infinity (and 0·Infinity to NaN).
  const exponent = Math.min(Math.max(0, attempt), 40);
  const ceiling = Math.min(capMs, baseMs * 2 ** exponent);
  return Math.floor(Math.min(1, Math.max(0, random())) * ceiling);
}

export type BackoffOptions = {
  /** The ceiling of the first wait. */
  baseMs?: number;
  /** The longest wait, however many attempts failed. */
  capMs?: number;
  /** A number in [0, 1]; where between 0 and the ceiling the wait falls. */
  random?: () => number;
};

/** The top of the range every time: exponential backoff without jitter. */
export const noJitter = (): number => 1;
