import type { Db } from '../db/connect';
import { logger } from '../log';
import { SNAPSHOT_REUSE_MS, SNAPSHOTS_KEPT, snapshotFor } from './snapshots';

export type SnapshotWarmer = {
  /** Resolves when the round under way (the first one, right after start) is over. */
  idle(): Promise<void>;
  stop(): Promise<void>;
};

/**
 * Builds store snapshots ahead of the new tills that ask for them (docs/sync-protocol.md §17):
 * once at start, then every `everyMs`, any store with cards whose snapshot is missing or would be
 * past its reuse time before the next round gets a new one. One build at a time, for at most as
 * many stores as snapshots are kept, so memory stays as bounded as when tills build them; a
 * request meanwhile shares a build of its store under way, or builds its own as before.
 */
export function startSnapshotWarmer(db: Db, everyMs = SNAPSHOT_REUSE_MS / 4): SnapshotWarmer {
  let stopped = false;
  const round = async () => {
    for (const storeId of await storesToWarm(db)) {
      if (stopped) return;
      await snapshotFor(db, storeId, Date.now() + everyMs);
    }
  };
  const guarded = () =>
    round().catch((error: unknown) => logger.error({ err: error }, 'snapshot: a build ahead failed'));
  let running = guarded();
  const timer = setInterval(() => {
    running = running.then(guarded);
  }, everyMs);
  timer.unref();
  return {
    idle: () => running,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

/**
 * Stores whose new tills would get cards from a snapshot, those awaiting a till (an enrolment
 * code not used yet) first; no more than the snapshots kept, or the round would drop its own.
 */
async function storesToWarm(db: Db): Promise<string[]> {
  const anyCard = await db.kysely
    .selectFrom('change_log')
    .select('id')
    .where('topic', '=', 'card')
    .where('data', 'is not', null)
    .limit(1)
    .executeTakeFirst();
  if (anyCard === undefined) return [];
  const awaited = await db.kysely
    .selectFrom('enrolment_codes')
    .select('store_id')
    .distinct()
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date().toISOString())
    .execute();
  const all = await db.kysely.selectFrom('stores').select('id').orderBy('id').execute();
  const ids = [...new Set([...awaited.map((r) => r.store_id), ...all.map((r) => r.id)])];
  return ids.slice(0, SNAPSHOTS_KEPT);
}
