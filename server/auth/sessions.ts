import { hashSecret, newToken, verifyPassword } from './secrets';
import type { Db } from '../db/connect';
import type { Row } from '../db/schema';

export const SESSION_COOKIE = 'omnitill_hq';
const SESSION_DAYS = 7;

export type HqUser = Pick<Row<'hq_users'>, 'id' | 'email' | 'name' | 'role'> & {
  /** Signed in with a one-time password: only choosing a new one is allowed (absent: false). */
  mustChangePassword?: boolean;
};

export async function login(
  db: Db,
  email: string,
  password: string,
  now = new Date(),
): Promise<{ user: HqUser; token: string; expiresAt: string } | null> {
  const user = await db.kysely
    .selectFrom('hq_users')
    .selectAll()
    .where('email', '=', email.trim().toLowerCase())
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  // Verify against a dummy hash when the user is unknown, so timing does not reveal accounts.
  const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !ok) return null;
  const token = newToken('ots');
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString();
  await db.kysely
    .insertInto('hq_sessions')
    .values({
      token_hash: hashSecret(token),
      user_id: user.id,
      expires_at: expiresAt,
      created_at: now.toISOString(),
    })
    .execute();
  const mustChangePassword = user.must_change_password === 1;
  return {
    user: { id: user.id, email: user.email, name: user.name, role: user.role, mustChangePassword },
    token,
    expiresAt,
  };
}

export async function userBySession(db: Db, token: string, now = new Date()): Promise<HqUser | null> {
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
    ])
    .where('hq_sessions.token_hash', '=', hashSecret(token))
    .where('hq_users.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row || Date.parse(row.expires_at) <= now.getTime()) return null;
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

// scrypt of a random password: only used to spend the same time on unknown emails.
const DUMMY_HASH = 'scrypt$AAAAAAAAAAAAAAAAAAAAAA==$Fz1b0L0d3C4x1Xq6c2bJ7kq0sZ3m8p9r4t5u6v7w8x0=';
