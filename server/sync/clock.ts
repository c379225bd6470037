/** A till clock off by more than this is flagged for review; its sales are still accepted. */
export const CLOCK_SUSPECT_MS = 5 * 60_000;

export type ClockReading = {
  /** The till's send time minus the server's receive time; null when the till did not say. */
  skewMs: number | null;
  suspect: boolean;
};

/**
 * Judges a till's clock by when it says it sent a push against when the server received it. The
 * request's own travel time lowers the reading by at most the one-way latency (well under a
 * second on a working link), so a reading beyond five minutes is the clock, not the network.
 * Without a send time (a till that predates it) the clock is unknown: an operation's wall time
 * cannot stand in, because it may have waited offline for hours.
 */
export function readClock(sentAt: string | undefined, receivedAt: Date): ClockReading {
  if (sentAt === undefined) return { skewMs: null, suspect: false };
  const skewMs = Date.parse(sentAt) - receivedAt.getTime();
  return { skewMs, suspect: Math.abs(skewMs) > CLOCK_SUSPECT_MS };
}

/**
 * How long an operation waited before it reached the server: its wall time, put on the server's
 * clock by the measured skew, to the arrival. Unknown when the skew is; never negative (latency
 * can make a fresh operation look a few milliseconds early).
 */
export function offlineDelayMs(wallTime: string, receivedAt: Date, skewMs: number | null): number | null {
  if (skewMs === null) return null;
  const createdOnServerClock = Date.parse(wallTime) - skewMs;
  return Math.max(0, receivedAt.getTime() - createdOnServerClock);
}
