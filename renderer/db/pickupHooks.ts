import { useLiveQuery } from 'dexie-react-hooks';
import type { TillDb } from './database';
import { codeAttempts, deskOrders, handoutsByOrder, latestHandout } from './pickups';

/** The desk's list and this desk's hand-outs over it, re-read on every pull and every hand-out. */
export function useDeskOrders(db: TillDb) {
  return useLiveQuery(
    async () => ({ orders: await deskOrders(db), handouts: await handoutsByOrder(db) }),
    [db],
    { orders: [], handouts: new Map() },
  );
}

/** One order with this desk's latest hand-out of it and its wrong codes; undefined while loading. */
export function usePickupOrder(db: TillDb, orderId: string | null) {
  return useLiveQuery(async () => {
    if (orderId === null) return null;
    const order = await db.pickupOrders.get(orderId);
    if (order === undefined) return null;
    return { order, handout: await latestHandout(db, orderId), attempts: await codeAttempts(db, orderId) };
  }, [db, orderId]);
}
