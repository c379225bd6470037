import type { ReportStatusInput } from '../../shared/sync/protocol';
import type { Db } from '../db/connect';

/** Keeps what a till reports of its own queue, for HQ's sync health page. */
export async function recordDeviceStatus(
  db: Db,
  deviceId: string,
  status: ReportStatusInput,
  now = new Date(),
): Promise<{ recordedAt: string }> {
  const at = now.toISOString();
  await db.kysely
    .updateTable('devices')
    .set({
      last_seen_at: at,
      // The pull itself is a read and writes nothing; the till says here that it finished one.
      ...(status.pulled && { last_pull_at: at }),
      pending_ops: status.pendingOps,
      oldest_pending_at: status.oldestPendingAt,
      local_rejected_ops: status.rejectedOps,
      storage_persisted: status.storagePersisted === null ? null : Number(status.storagePersisted),
      status_reported_at: at,
      // Older tills do not send it: what a newer report said stays until one says otherwise.
      ...(status.cannotResendFromSeq !== undefined && {
        cannot_resend_from_seq: status.cannotResendFromSeq,
      }),
    })
    .where('id', '=', deviceId)
    .execute();
  return { recordedAt: at };
}
