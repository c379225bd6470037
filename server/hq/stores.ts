import { z } from 'zod';
import { uuidv7 } from '../../shared/domain/uuidv7';
import type { StoreScope } from '../auth/roles';
import { opOutcomeSchema } from '../../shared/sync/protocol';
import { parseJsonText } from '../../shared/validation';
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
  /** The till's clock minus the server's at its last push; null when unknown (an older till). */
  clockSkewMs: number | null;
  /** How long the longest-waiting operation of the last push that recorded any had waited. */
  offlineDelayMs: number | null;
  /** As the till last reported it (null before its first report). */
  pendingOps: number | null;
  oldestPendingAt: string | null;
  localRejectedOps: number | null;
  storagePersisted: boolean | null;
  statusReportedAt: string | null;
  /** The till reports it cannot send again what the server lost from this seq on (a restore). */
  cannotResendFromSeq: number | null;
  appliedOps: number;
  rejectedOps: number;
  quarantinedOps: number;
  /** The most recent rejected or set-aside operations, newest first, with their reasons. */
  attention: AttentionOp[];
};

/** An operation the server did not apply: rejected by a rule, or set aside (quarantined). */
export type AttentionOp = {
  opId: string;
  seq: number;
  kind: string;
  reason: string;
  detail: string | null;
  receivedAt: string;
  quarantined: boolean;
  /** The sale's receipt number when the server holds the payload (quarantined sales). */
  receiptNo: string | null;
};

const ATTENTION_PER_DEVICE = 50;
/** Bounds the overview's reads; a chain with more set-aside work than this has bigger news. */
const ATTENTION_ROWS = 5000;
const receiptOf = z.object({ receiptNo: z.string() });

/**
 * Stores with their devices and each device's sync figures, for the HQ overview; a store manager
 * gets their stores only. Revoked tills are left out.
 */
export async function listStoresWithDevices(db: Db, scope: StoreScope = { kind: 'chain' }) {
  const k = db.kysely;
  const only = scope.kind === 'stores' ? scope.storeIds : null;
  if (only?.length === 0) return { stores: [], devices: [] };
  const stores = await k
    .selectFrom('stores')
    .select(['id', 'code', 'name', 'currency'])
    .$if(only !== null, (q) => q.where('id', 'in', only!))
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
      'devices.offline_delay_ms',
      'devices.pending_ops',
      'devices.oldest_pending_at',
      'devices.local_rejected_ops',
      'devices.storage_persisted',
      'devices.status_reported_at',
      'devices.cannot_resend_from_seq',
    ])
    .where('devices.revoked_at', 'is', null)
    .$if(only !== null, (q) => q.where('devices.store_id', 'in', only!))
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
  const attention = await attentionOps(db);
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
    offlineDelayMs: d.offline_delay_ms === null ? null : Number(d.offline_delay_ms),
    pendingOps: d.pending_ops,
    oldestPendingAt: d.oldest_pending_at,
    localRejectedOps: d.local_rejected_ops,
    storagePersisted: d.storage_persisted === null ? null : d.storage_persisted === 1,
    statusReportedAt: d.status_reported_at,
    cannotResendFromSeq: d.cannot_resend_from_seq === null ? null : Number(d.cannot_resend_from_seq),
    appliedOps: count(d.id, 'applied'),
    rejectedOps: count(d.id, 'rejected'),
    quarantinedOps: Number(quarantine.find((q) => q.device_id === d.id)?.n ?? 0),
    attention: attention.get(d.id) ?? [],
  }));
  return { stores, devices: health };
}

/**
 * Rejected operations (their reason is in the stored result) and quarantined ones (reason, detail
 * and payload kept), merged per device: an operation in both lists appears once, as quarantined.
 */
async function attentionOps(db: Db): Promise<Map<string, AttentionOp[]>> {
  const k = db.kysely;
  const quarantined = await k
    .selectFrom('quarantined_ops')
    .select(['device_id', 'op_id', 'seq', 'kind', 'reason', 'detail', 'payload', 'received_at'])
    .orderBy('received_at', 'desc')
    .limit(ATTENTION_ROWS)
    .execute();
  const rejected = await k
    .selectFrom('applied_ops')
    .select(['device_id', 'op_id', 'seq', 'kind', 'result', 'received_at'])
    .where('status', '=', 'rejected')
    .orderBy('received_at', 'desc')
    .limit(ATTENTION_ROWS)
    .execute();
  const byDevice = new Map<string, AttentionOp[]>();
  const seen = new Set<string>();
  const add = (deviceId: string, op: AttentionOp) => {
    const list = byDevice.get(deviceId) ?? [];
    list.push(op);
    byDevice.set(deviceId, list);
  };
  for (const q of quarantined) {
    seen.add(`${q.device_id}/${q.op_id}/${q.seq}`);
    const payload = parseJsonText(receiptOf, q.payload);
    add(q.device_id, {
      opId: q.op_id,
      seq: Number(q.seq),
      kind: q.kind,
      reason: q.reason,
      detail: q.detail,
      receivedAt: q.received_at,
      quarantined: true,
      receiptNo: payload.ok ? payload.value.receiptNo : null,
    });
  }
  for (const r of rejected) {
    if (seen.has(`${r.device_id}/${r.op_id}/${r.seq}`)) continue;
    const outcome = parseJsonText(opOutcomeSchema, r.result);
    const reason = outcome.ok && outcome.value.outcome === 'rejected' ? outcome.value : null;
    add(r.device_id, {
      opId: r.op_id,
      seq: Number(r.seq),
      kind: r.kind,
      reason: reason?.reason ?? 'unreadable_result',
      detail: reason ? (reason.detail ?? null) : outcome.ok ? null : outcome.error,
      receivedAt: r.received_at,
      quarantined: false,
      receiptNo: null,
    });
  }
  for (const [deviceId, list] of byDevice) {
    list.sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : b.seq - a.seq));
    byDevice.set(deviceId, list.slice(0, ATTENTION_PER_DEVICE));
  }
  return byDevice;
}
