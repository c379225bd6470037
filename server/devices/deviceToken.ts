import { hashSecret } from '../auth/secrets';
import type { Db } from '../db/connect';
import type { AuthenticatedDevice } from './enrolment';

export type DeviceTokenCheck =
  | { ok: true; device: AuthenticatedDevice }
  /** `revoked`: HQ disconnected this till; it is told so, and stops syncing until enrolled again. */
  | { ok: false; reason: 'unknown' | 'revoked' };

/** Resolves a till's bearer token; a revoked token is told apart from one never issued. */
export async function checkDeviceToken(db: Db, token: string): Promise<DeviceTokenCheck> {
  const row = await db.kysely
    .selectFrom('devices')
    .select(['id', 'store_id', 'name', 'revoked_at'])
    .where('token_hash', '=', hashSecret(token))
    .executeTakeFirst();
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.revoked_at !== null) return { ok: false, reason: 'revoked' };
  return { ok: true, device: { deviceId: row.id, storeId: row.store_id, name: row.name } };
}
