import { uuidv7 } from '../../shared/domain/uuidv7';
import type { Db } from '../db/connect';
import { isUniqueViolation } from '../db/errors';
import { appendChanges } from '../sync/changeLog';

export type NewStore = { code: string; name: string; currency: string };

export async function createStore(
  db: Db,
  input: NewStore,
  now = new Date(),
): Promise<{ ok: true; id: string } | { ok: false; reason: 'code_taken' }> {
  const id = uuidv7();
  const at = now.toISOString();
  try {
    await db.kysely.transaction().execute(async (trx) => {
      await trx
        .insertInto('stores')
        .values({ id, ...input, created_at: at })
        .execute();
      await appendChanges(trx, [{ topic: 'store', entityId: id, storeId: id, data: { id, ...input } }], at);
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, reason: 'code_taken' };
    throw error;
  }
  return { ok: true, id };
}

export type DeviceHealth = {
  id: string;
  name: string;
  storeId: string;
  storeName: string;
  enrolledAt: string;
  lastSeenAt: string | null;
  lastPushAt: string | null;
  lastPullAt: string | null;
  clockSkewMs: number | null;
  /** As the till last reported it (null before its first report). */
  pendingOps: number | null;
  oldestPendingAt: string | null;
  localRejectedOps: number | null;
  storagePersisted: boolean | null;
  statusReportedAt: string | null;
  appliedOps: number;
  rejectedOps: number;
  quarantinedOps: number;
};

/** Stores with their devices and each device's sync figures, for the HQ overview. */
export async function listStoresWithDevices(db: Db) {
  const k = db.kysely;
  const stores = await k
    .selectFrom('stores')
    .select(['id', 'code', 'name', 'currency'])
    .orderBy('code')
    .execute();
  const devices = await k
    .selectFrom('devices')
    .innerJoin('stores', 'stores.id', 'devices.store_id')
    .select([
      'devices.id',
      'devices.name',
      'devices.store_id',
      'stores.name as store_name',
      'devices.enrolled_at',
      'devices.last_seen_at',
      'devices.last_push_at',
      'devices.last_pull_at',
      'devices.clock_skew_ms',
      'devices.pending_ops',
      'devices.oldest_pending_at',
      'devices.local_rejected_ops',
      'devices.storage_persisted',
      'devices.status_reported_at',
    ])
    .where('devices.revoked_at', 'is', null)
    .orderBy('devices.enrolled_at')
    .execute();
  const opCounts = await k
    .selectFrom('applied_ops')
    .select(['device_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['device_id', 'status'])
    .execute();
  const quarantine = await k
    .selectFrom('quarantined_ops')
    .select(['device_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('device_id')
    .execute();
  const count = (deviceId: string, status: string) =>
    Number(opCounts.find((c) => c.device_id === deviceId && c.status === status)?.n ?? 0);
  const health: DeviceHealth[] = devices.map((d) => ({
    id: d.id,
    name: d.name,
    storeId: d.store_id,
    storeName: d.store_name,
    enrolledAt: d.enrolled_at,
    lastSeenAt: d.last_seen_at,
    lastPushAt: d.last_push_at,
    lastPullAt: d.last_pull_at,
    clockSkewMs: d.clock_skew_ms === null ? null : Number(d.clock_skew_ms),
    pendingOps: d.pending_ops,
    oldestPendingAt: d.oldest_pending_at,
    localRejectedOps: d.local_rejected_ops,
    storagePersisted: d.storage_persisted === null ? null : d.storage_persisted === 1,
    statusReportedAt: d.status_reported_at,
    appliedOps: count(d.id, 'applied'),
    rejectedOps: count(d.id, 'rejected'),
    quarantinedOps: Number(quarantine.find((q) => q.device_id === d.id)?.n ?? 0),
  }));
  return { stores, devices: health };
}
