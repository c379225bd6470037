import { sql, type Kysely } from 'kysely';
import {
  MAX_QUARANTINED_BYTES_PER_DEVICE,
  MAX_QUARANTINED_OPS_PER_DEVICE,
} from '../../../shared/domain/limits';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import type { OutboxOp } from '../../../shared/sync/protocol';
import type { Database } from '../../db/schema';
import type { DeviceScope } from '../applySale';

/**
 * Keeps a refused operation for review, once per (device, op id, payload hash): the same one pushed
 * again only counts `times_seen`. A device's quarantine is capped in rows and bytes; past the cap
 * nothing is kept, the device's `limit_refusals` counts it, and the answer says so
 * (`quarantined: false`). Returns whether the operation is in the quarantine.
 */
export async function quarantine(
  trx: Kysely<Database>,
  scope: DeviceScope,
  installId: string,
  op: OutboxOp,
  reason: string,
  detail: string | null,
  now: string,
  withPayload: boolean,
): Promise<boolean> {
  const again = await trx
    .updateTable('quarantined_ops')
    .set({ times_seen: sql<number>`times_seen + 1` })
    .where('device_id', '=', scope.deviceId)
    .where('op_id', '=', op.opId)
    .where('payload_hash', '=', op.payloadHash)
    .executeTakeFirst();
  if (Number(again.numUpdatedRows) > 0) return true;

  // Too deep or too large to keep: the row says what arrived, without the payload.
  const payload = withPayload ? JSON.stringify(op.payload ?? null) : 'null';
  const payloadBytes = new TextEncoder().encode(payload).byteLength;
  const share = await trx
    .selectFrom('quarantined_ops')
    .select((eb) => [
      eb.fn.countAll<number>().as('rows'),
      eb.fn.coalesce(eb.fn.sum<number>('payload_bytes'), sql<number>`0`).as('bytes'),
    ])
    .where('device_id', '=', scope.deviceId)
    .executeTakeFirstOrThrow();
  if (
    Number(share.rows) >= MAX_QUARANTINED_OPS_PER_DEVICE ||
    Number(share.bytes) + payloadBytes > MAX_QUARANTINED_BYTES_PER_DEVICE
  ) {
    await countLimitRefusal(trx, scope.deviceId);
    return false;
  }
  await trx
    .insertInto('quarantined_ops')
    .values({
      id: uuidv7(),
      op_id: op.opId,
      device_id: scope.deviceId,
      install_id: installId,
      seq: op.seq,
      kind: op.kind,
      payload,
      payload_hash: op.payloadHash,
      reason,
      detail,
      received_at: now,
      payload_bytes: payloadBytes,
    })
    .execute();
  return true;
}

/** One more time a device hit a cap, for HQ (`devices.limit_refusals`). */
export async function countLimitRefusal(db: Kysely<Database>, deviceId: string): Promise<void> {
  await db
    .updateTable('devices')
    .set({ limit_refusals: sql<number>`limit_refusals + 1` })
    .where('id', '=', deviceId)
    .execute();
}
