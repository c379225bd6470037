import { hashSecret, newToken } from './secrets';
import type { Db } from '../db/connect';
import type { Row } from '../db/schema';

/**
 * HQ sessions as the OWASP Session Management Cheat Sheet describes them: a random id from a
 * CSPRNG kept only as a hash, a new id at every sign-in, an idle and an absolute timeout enforced
 * on the server, and sign-out that deletes the session row (docs/operations.md §9.2).
 */
export const SESSION_COOKIE = 'omnitill_hq';
/** A back-office tool left alone for half an hour is signed out. */
export const SESSION_IDLE_MS = 30 * 60_000;
/** However active, a session ends after a working day. */
export const SESSION_ABSOLUTE_MS = 8 * 60 * 60_000;
/** `last_seen_at` is written at most this often, so reads do not each become a write. */
const TOUCH_EVERY_MS = 60_000;

export type HqUser = Pick<Row<'hq_users'>, 'id' | 'email' | 'name' | 'role'> & {
  /** Signed in with a one-time password: only choosing a new one is allowed (absent: false). */
  mustChangePassword?: boolean;
};

export type NewSession = { token: string; expiresAt: string };

/** A fresh session for a user who just proved who they are; `replaces` is ended in the same step. */
export async function createSession(
  db: Db,
  userId: string,
  replaces: string | null,
  now = new Date(),
): Promise<NewSession> {
  const token = newToken('ots');
  const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS).toISOString();
  await db.kysely.transaction().execute(async (trx) => {
    if (replaces)
      await trx.deleteFrom('hq_sessions').where('token_hash', '=', hashSecret(replaces)).execute();
    await trx
      .insertInto('hq_sessions')
      .values({
        token_hash: hashSecret(token),
        user_id: userId,
        expires_at: expiresAt,
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
      })
      .execute();
  });
  return { token, expiresAt };
}

export async function userBySession(db: Db, token: string, now = new Date()): Promise<HqUser | null> {
  const tokenHash = hashSecret(token);
  const row = await db.kysely
    .selectFrom('hq_sessions')
    .innerJoin('hq_users', 'hq_users.id', 'hq_sessions.user_id')
    .select([
      'hq_users.id',
      'hq_users.email',
      'hq_users.name',
      'hq_users.role',
      'hq_users.must_change_password',
      'hq_sessions.expires_at',
      'hq_sessions.created_at',
      'hq_sessions.last_seen_at',
    ])
    .where('hq_sessions.token_hash', '=', tokenHash)
    .where('hq_users.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  const lastSeen = Date.parse(row.last_seen_at ?? row.created_at);
  if (Date.parse(row.expires_at) <= now.getTime() || now.getTime() - lastSeen >= SESSION_IDLE_MS) {
    await logout(db, token);
    return null;
  }
  if (now.getTime() - lastSeen >= TOUCH_EVERY_MS) {
    await db.kysely
      .updateTable('hq_sessions')
      .set({ last_seen_at: now.toISOString() })
      .where('token_hash', '=', tokenHash)
      .execute();
  }
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    mustChangePassword: row.must_change_password === 1,
  };
}

export async function logout(db: Db, token: string): Promise<void> {
  await db.kysely.deleteFrom('hq_sessions').where('token_hash', '=', hashSecret(token)).execute();
}
