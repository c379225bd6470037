import { sql } from 'kysely';
import type { Db } from '../db/connect';

const MINUTE = 60_000;

export type RateCheck = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * Counts a request in its bucket's one-minute window and says whether it is within `limit`.
 * One upsert per bucket, counted in the database so several server processes share the count;
 * a fixed window lets a burst of twice the limit straddle a minute boundary, which is acceptable
 * for these endpoints (the link-code guessing limit is the strict one: server/security/attemptLimiter.ts).
 */
export async function countRequest(
  db: Db,
  bucket: string,
  limit: number,
  now = new Date(),
): Promise<RateCheck> {
  const windowMs = Math.floor(now.getTime() / MINUTE) * MINUTE;
  const windowStart = new Date(windowMs).toISOString();
  const row = await db.kysely
    .insertInto('web_rate_windows')
    .values({ bucket, window_start: windowStart, count: 1 })
    .onConflict((oc) =>
      oc.columns(['bucket', 'window_start']).doUpdateSet({ count: sql<number>`web_rate_windows.count + 1` }),
    )
    .returning('count')
    .executeTakeFirstOrThrow();
  // The first request of a window sweeps the windows before the previous one.
  if (Number(row.count) === 1) {
    await db.kysely
      .deleteFrom('web_rate_windows')
      .where('window_start', '<', new Date(windowMs - MINUTE).toISOString())
      .execute();
  }
  if (Number(row.count) <= limit) return { ok: true };
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((windowMs + MINUTE - now.getTime()) / 1000)) };
}
