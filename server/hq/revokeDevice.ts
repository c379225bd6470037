import type { Db } from '../db/connect';
import { inScope, type StoreScope } from '../auth/roles';

export type RevokeResult = { ok: true; revokedAt: string } | { ok: false; reason: 'unknown_device' };

/**
 * Revokes a till's token: from its next request on, the server answers it `device_revoked`
 * (docs/operations.md §10.3). Its recorded sales stay. A till outside the caller's stores is
 * reported unknown, so a store manager learns nothing of other stores' tills. Revoking twice keeps
 * the first time and name.
 */
export async function revokeDevice(
  db: Db,
  scope: StoreScope,
  deviceId: string,
  byUserId: string,
  now = new Date(),
): Promise<RevokeResult> {
  const device = await db.kysely
    .selectFrom('devices')
    .select(['store_id', 'revoked_at'])
    .where('id', '=', deviceId)
    .executeTakeFirst();
  if (!device || !inScope(scope, device.store_id)) return { ok: false, reason: 'unknown_device' };
  if (device.revoked_at !== null) return { ok: true, revokedAt: device.revoked_at };
  const revokedAt = now.toISOString();
  await db.kysely
    .updateTable('devices')
    .set({ revoked_at: revokedAt, revoked_by: byUserId })
    .where('id', '=', deviceId)
    .where('revoked_at', 'is', null)
    .execute();
  return { ok: true, revokedAt };
}
