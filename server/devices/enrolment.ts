import { uuidv7 } from '../../shared/domain/uuidv7';
import { hashSecret, newEnrolmentCode, newToken, normalizeEnrolmentCode } from '../auth/secrets';
import type { Db } from '../db/connect';
import type { Row } from '../db/schema';
import { admitAttempt, settleSuccess } from '../security/attemptLimiter';
import { addressKey } from '../security/clientAddress';

export const DEFAULT_CODE_TTL_MINUTES = 24 * 60;

/** Creates a one-time code a till exchanges for its device token. Only the hash is stored. */
export async function createEnrolmentCode(
  db: Db,
  storeId: string,
  ttlMinutes = DEFAULT_CODE_TTL_MINUTES,
  now = new Date(),
): Promise<{ code: string; expiresAt: string }> {
  const code = newEnrolmentCode();
  const expiresAt = new Date(now.getTime() + ttlMinutes * 60_000).toISOString();
  await db.kysely
    .insertInto('enrolment_codes')
    .values({
      code_hash: hashSecret(code),
      store_id: storeId,
      expires_at: expiresAt,
      used_at: null,
      device_id: null,
      created_at: now.toISOString(),
    })
    .execute();
  return { code, expiresAt };
}

export type IssueCodeResult =
  { ok: true; code: string; expiresAt: string } | { ok: false; reason: 'unknown_store' };

/** HQ's request for a code: refused for a store that does not exist, instead of a foreign-key error. */
export async function issueEnrolmentCode(
  db: Db,
  storeId: string,
  ttlMinutes = DEFAULT_CODE_TTL_MINUTES,
): Promise<IssueCodeResult> {
  const store = await db.kysely
    .selectFrom('stores')
    .select('id')
    .where('id', '=', storeId)
    .executeTakeFirst();
  if (!store) return { ok: false, reason: 'unknown_store' };
  return { ok: true, ...(await createEnrolmentCode(db, storeId, ttlMinutes)) };
}

export type EnrolResult =
  | {
      ok: true;
      deviceId: string;
      token: string;
      store: Pick<Row<'stores'>, 'id' | 'code' | 'name' | 'currency'>;
    }
  | { ok: false; reason: 'unknown_code' | 'code_used' | 'code_expired' }
  | { ok: false; reason: 'too_many_attempts'; retryAfterSeconds: number };

/**
 * Enrolment as a till's request meets it: each attempt from an address is counted before the code
 * is looked up, so guessing codes is held to the enrolment policy (docs/operations.md §9.1) however
 * the attempts arrive. A locked address is refused even with a valid code, so a lockout tells an
 * attacker nothing.
 */
export async function enrolFromAddress(
  db: Db,
  input: { code: string; name: string; address: string },
  now = new Date(),
): Promise<EnrolResult> {
  const key = addressKey(input.address);
  const admission = await admitAttempt(db, 'enrol_address', key, now);
  if (!admission.ok)
    return { ok: false, reason: 'too_many_attempts', retryAfterSeconds: admission.retryAfterSeconds };
  const result = await enrolDevice(db, input.code, input.name, now);
  if (result.ok) await settleSuccess(db, 'enrol_address', key, false);
  return result;
}

/**
 * Exchanges a code for a device and its token. The code is spent by a conditional update, so two
 * tills racing with one code (or two server processes) cannot both win.
 */
export async function enrolDevice(
  db: Db,
  codeInput: string,
  name: string,
  now = new Date(),
): Promise<EnrolResult> {
  const canonical = normalizeEnrolmentCode(codeInput);
  if (canonical === null) return { ok: false, reason: 'unknown_code' };
  const codeHash = hashSecret(canonical);
  return db.kysely.transaction().execute(async (trx) => {
    const code = await trx
      .selectFrom('enrolment_codes')
      .selectAll()
      .where('code_hash', '=', codeHash)
      .executeTakeFirst();
    if (!code) return { ok: false, reason: 'unknown_code' } as const;
    if (code.used_at) return { ok: false, reason: 'code_used' } as const;
    if (Date.parse(code.expires_at) <= now.getTime()) return { ok: false, reason: 'code_expired' } as const;

    const deviceId = uuidv7();
    const token = newToken('otd');
    const spent = await trx
      .updateTable('enrolment_codes')
      .set({ used_at: now.toISOString(), device_id: deviceId })
      .where('code_hash', '=', codeHash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) return { ok: false, reason: 'code_used' } as const;

    await trx
      .insertInto('devices')
      .values({
        id: deviceId,
        store_id: code.store_id,
        name,
        token_hash: hashSecret(token),
        enrolled_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        last_push_at: null,
        last_pull_at: null,
        clock_skew_ms: null,
        revoked_at: null,
      })
      .execute();
    const store = await trx
      .selectFrom('stores')
      .select(['id', 'code', 'name', 'currency'])
      .where('id', '=', code.store_id)
      .executeTakeFirstOrThrow();
    return { ok: true, deviceId, token, store } as const;
  });
}

export type AuthenticatedDevice = { deviceId: string; storeId: string; name: string };

export async function deviceByToken(db: Db, token: string): Promise<AuthenticatedDevice | null> {
  const row = await db.kysely
    .selectFrom('devices')
    .select(['id', 'store_id', 'name'])
    .where('token_hash', '=', hashSecret(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row ? { deviceId: row.id, storeId: row.store_id, name: row.name } : null;
}
