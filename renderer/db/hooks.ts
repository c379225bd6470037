import { useLiveQuery } from 'dexie-react-hooks';
import type { TillDb } from './database';
import { listHeldBaskets } from './baskets';
import { getMeta } from './meta';
import { pendingCount, PUSH_BATCH, STUCK_AFTER_ATTEMPTS } from './outbox';
import { productCount } from './products';

/** Components read the local database only through these hooks, so they re-render on change. */
export function useDevice(db: TillDb) {
  return useLiveQuery(async () => (await getMeta(db, 'device')) ?? null, [db]);
}

export function useOutboxStats(db: TillDb) {
  return useLiveQuery(
    async () => {
      // Re-run after every sale: nothing here may walk the queue (docs/sync-protocol.md §15).
      const pending = await pendingCount(db);
      const oldest = await db.outbox.orderBy('seq').first();
      // Pushes go in seq order and stop at the first failure, so only the head of the queue ever
      // collects attempts, and never fewer further back than at the head: when the head is not
      // stuck nothing is, which saves reading a batch of operations after every sale.
      const stuck =
        oldest === undefined || oldest.attempts < STUCK_AFTER_ATTEMPTS
          ? 0
          : await db.outbox
              .orderBy('seq')
              .limit(PUSH_BATCH)
              .filter((op) => op.attempts >= STUCK_AFTER_ATTEMPTS)
              .count();
      const rejected = await db.rejected.count();
      const lastSync = (await getMeta(db, 'lastSync')) ?? { pushAt: null, pullAt: null };
      return { pending, oldestWallTime: oldest?.wallTime ?? null, stuck, rejected, lastSync };
    },
    [db],
    { pending: 0, oldestWallTime: null, stuck: 0, rejected: 0, lastSync: { pushAt: null, pullAt: null } },
  );
}

export function useCatalogSize(db: TillDb) {
  return useLiveQuery(
    async () => ({
      products: await productCount(db),
      cards: (await db.cards.count()) + ((await getMeta(db, 'snapshotCards')) ?? 0),
    }),
    [db],
    {
      products: 0,
      cards: 0,
    },
  );
}

export function useRecentSales(db: TillDb, limit = 5) {
  return useLiveQuery(() => db.sales.orderBy('seq').reverse().limit(limit).toArray(), [db, limit], []);
}

export function useHeldBaskets(db: TillDb) {
  return useLiveQuery(() => listHeldBaskets(db), [db], []);
}
