import type { Db } from '../db/connect';
import { admitAttempt, settleSuccess } from '../security/attemptLimiter';
import { addressKey } from '../security/clientAddress';
import { verifyPassword } from './secrets';
import { createSession, type HqUser } from './sessions';

export type LoginResult =
  | { ok: true; user: HqUser; token: string; expiresAt: string }
  | { ok: false; reason: 'wrong_credentials' }
  | { ok: false; reason: 'too_many_attempts'; retryAfterSeconds: number };

export type LoginAttempt = {
  email: string;
  password: string;
  /** The client's address as the server judges it (server/security/clientAddress.ts). */
  address: string;
  /** The session cookie the browser still held, if any: ended, since sign-in issues a new id. */
  previousToken: string | null;
};

/**
 * An HQ sign-in. The attempt is counted against the address and against the account named before
 * the password is checked, whether or not that account exists, so a batch of attempts cannot run
 * past the limit and a lockout says nothing about which emails are real (docs/operations.md §9.1).
 */
export async function login(db: Db, attempt: LoginAttempt, now = new Date()): Promise<LoginResult> {
  const email = attempt.email.trim().toLowerCase();
  const address = addressKey(attempt.address);
  const byAddress = await admitAttempt(db, 'login_address', address, now);
  if (!byAddress.ok)
    return { ok: false, reason: 'too_many_attempts', retryAfterSeconds: byAddress.retryAfterSeconds };
  const byAccount = await admitAttempt(db, 'login_account', email, now);
  if (!byAccount.ok)
    return { ok: false, reason: 'too_many_attempts', retryAfterSeconds: byAccount.retryAfterSeconds };

  const user = await db.kysely
    .selectFrom('hq_users')
    .selectAll()
    .where('email', '=', email)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  // Verify against a dummy hash when the user is unknown, so timing does not reveal accounts.
  const ok = await verifyPassword(attempt.password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !ok) return { ok: false, reason: 'wrong_credentials' };

  await settleSuccess(db, 'login_account', email, true);
  await settleSuccess(db, 'login_address', address, false);
  const session = await createSession(db, user.id, attempt.previousToken, now);
  const mustChangePassword = user.must_change_password === 1;
  return {
    ok: true,
    user: { id: user.id, email: user.email, name: user.name, role: user.role, mustChangePassword },
    ...session,
  };
}

// scrypt of a random password: only used to spend the same time on unknown emails.
const DUMMY_HASH = 'scrypt$AAAAAAAAAAAAAAAAAAAAAA==$Fz1b0L0d3C4x1Xq6c2bJ7kq0sZ3m8p9r4t5u6v7w8x0=';
