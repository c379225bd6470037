/** The median and the 90th percentile of a set of durations, in hours; null for an empty set. */
export type Spread = { p50: number; p90: number } | null;

export function spread(hours: number[]): Spread {
  if (hours.length === 0) return null;
  const sorted = [...hours].sort((a, b) => a - b);
  // Nearest rank: the value a person could point at in the list, never an interpolated one.
  const at = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
  return { p50: round1(at(0.5)), p90: round1(at(0.9)) };
}

/** Hours from one ISO time to another; null when either is missing or unreadable, or it runs backwards. */
export function hoursBetween(from: string | null, to: string | null): number | null {
  if (from === null || to === null) return null;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) && ms >= 0 ? ms / 3_600_000 : null;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
