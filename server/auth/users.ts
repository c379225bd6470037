import { randomBytes } from 'node:crypto';
import { uuidv7 } from '../../shared/domain/uuidv7';
import type { Db } from '../db/connect';
import { isUniqueViolation } from '../db/errors';
import type { HqRole } from './roles';
import { hashPassword, verifyPassword } from './secrets';

export type HqUserListing = {
  id: string;
  email: string;
  name: string;
  role: HqRole;
  storeIds: string[];
  disabledAt: string | null;
  mustChangePassword: boolean;
  createdAt: string;
};

/** Every HQ user with their stores, for the admins' Users page. */
export async function listUsers(db: Db): Promise<HqUserListing[]> {
  const users = await db.kysely
    .selectFrom('hq_users')
    .select(['id', 'email', 'name', 'role', 'disabled_at', 'must_change_password', 'created_at'])
    .orderBy('email')
    .execute();
  const stores = await db.kysely.selectFrom('hq_user_stores').select(['user_id', 'store_id']).execute();
  return users.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    storeIds: stores.filter((s) => s.user_id === u.id).map((s) => s.store_id),
    disabledAt: u.disabled_at,
    mustChangePassword: u.must_change_password === 1,
    createdAt: u.created_at,
  }));
}

// Lower-case letters and digits without look-alikes (0/o, 1/l/i): read off a screen, typed once.
const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A one-time password of 16 characters from 31 (about 79 bits), shown to the admin once. */
export function newOneTimePassword(): string {
  const bytes = randomBytes(16);
  let out = '';
  // 256 % 31 leaves a bias of under 1 % per character; at 79 bits it does not matter.
  for (const byte of bytes) out += PASSWORD_ALPHABET[byte % PASSWORD_ALPHABET.length];
  return `${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8, 12)}-${out.slice(12)}`;
}

export type NewUser = { email: string; name: string; role: HqRole; storeIds: string[] };

export type UserChange =
  { ok: true } | { ok: false; reason: 'email_taken' | 'unknown_user' | 'unknown_store' | 'own_account' };

/** Only store managers have stores; anyone else's assignment is dropped rather than kept unused. */
const storesFor = (role: HqRole, storeIds: string[]) =>
  role === 'store_manager' ? [...new Set(storeIds)] : [];

async function storesExist(db: Db, storeIds: string[]): Promise<boolean> {
  if (storeIds.length === 0) return true;
  const found = await db.kysely.selectFrom('stores').select('id').where('id', 'in', storeIds).execute();
  return found.length === storeIds.length;
}

/** Creates a user who signs in once with the returned password and must then choose their own. */
export async function createUser(
  db: Db,
  input: NewUser,
  now = new Date(),
): Promise<{ ok: true; id: string; oneTimePassword: string } | Extract<UserChange, { ok: false }>> {
  const storeIds = storesFor(input.role, input.storeIds);
  if (!(await storesExist(db, storeIds))) return { ok: false, reason: 'unknown_store' };
  const id = uuidv7();
  const oneTimePassword = newOneTimePassword();
  const passwordHash = await hashPassword(oneTimePassword);
  try {
    await db.kysely.transaction().execute(async (trx) => {
      await trx
        .insertInto('hq_users')
        .values({
          id,
          email: input.email.trim().toLowerCase(),
          name: input.name,
          role: input.role,
          password_hash: passwordHash,
          created_at: now.toISOString(),
          must_change_password: 1,
        })
        .execute();
      if (storeIds.length > 0) {
        await trx
          .insertInto('hq_user_stores')
          .values(storeIds.map((storeId) => ({ user_id: id, store_id: storeId })))
          .execute();
      }
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, reason: 'email_taken' };
    throw error;
  }
  return { ok: true, id, oneTimePassword };
}

/**
 * Changes a user's name, role and stores. An admin cannot change their own role: the chain would
 * be one careless click away from having no admin at all.
 */
export async function updateUser(
  db: Db,
  actingUserId: string,
  input: { id: string; name: string; role: HqRole; storeIds: string[] },
): Promise<UserChange> {
  const storeIds = storesFor(input.role, input.storeIds);
  if (!(await storesExist(db, storeIds))) return { ok: false, reason: 'unknown_store' };
  return db.kysely.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom('hq_users')
      .select('role')
      .where('id', '=', input.id)
      .executeTakeFirst();
    if (!user) return { ok: false, reason: 'unknown_user' } as const;
    if (input.id === actingUserId && user.role !== input.role)
      return { ok: false, reason: 'own_account' } as const;
    await trx
      .updateTable('hq_users')
      .set({ name: input.name, role: input.role })
      .where('id', '=', input.id)
      .execute();
    await trx.deleteFrom('hq_user_stores').where('user_id', '=', input.id).execute();
    if (storeIds.length > 0) {
      await trx
        .insertInto('hq_user_stores')
        .values(storeIds.map((storeId) => ({ user_id: input.id, store_id: storeId })))
        .execute();
    }
    return { ok: true } as const;
  });
}

/** Disables a user and ends every session they have; an admin cannot disable themselves. */
export async function setUserDisabled(
  db: Db,
  actingUserId: string,
  userId: string,
  disabled: boolean,
  now = new Date(),
): Promise<UserChange> {
  if (userId === actingUserId) return { ok: false, reason: 'own_account' };
  return db.kysely.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('hq_users')
      .set({ disabled_at: disabled ? now.toISOString() : null })
      .where('id', '=', userId)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return { ok: false, reason: 'unknown_user' } as const;
    if (disabled) await trx.deleteFrom('hq_sessions').where('user_id', '=', userId).execute();
    return { ok: true } as const;
  });
}

/**
 * Replaces a user's password with a one-time password (shown to the admin once) and ends their
 * sessions: whoever held the old password or a session is out, and the user must choose anew.
 */
export async function resetPassword(
  db: Db,
  actingUserId: string,
  userId: string,
): Promise<{ ok: true; oneTimePassword: string } | Extract<UserChange, { ok: false }>> {
  if (userId === actingUserId) return { ok: false, reason: 'own_account' };
  const oneTimePassword = newOneTimePassword();
  const passwordHash = await hashPassword(oneTimePassword);
  return db.kysely.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('hq_users')
      .set({ password_hash: passwordHash, must_change_password: 1 })
      .where('id', '=', userId)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return { ok: false, reason: 'unknown_user' } as const;
    await trx.deleteFrom('hq_sessions').where('user_id', '=', userId).execute();
    return { ok: true, oneTimePassword } as const;
  });
}

/**
 * A signed-in user chooses a new password, proving the current one. Their other sessions end;
 * the one they use goes on.
 */
export async function changeOwnPassword(
  db: Db,
  user: { id: string; sessionTokenHash: string | null },
  currentPassword: string,
  newPassword: string,
): Promise<{ ok: true } | { ok: false; reason: 'wrong_password' | 'same_password' }> {
  const row = await db.kysely
    .selectFrom('hq_users')
    .select('password_hash')
    .where('id', '=', user.id)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(currentPassword, row.password_hash)))
    return { ok: false, reason: 'wrong_password' };
  if (currentPassword === newPassword) return { ok: false, reason: 'same_password' };
  const passwordHash = await hashPassword(newPassword);
  await db.kysely.transaction().execute(async (trx) => {
    await trx
      .updateTable('hq_users')
      .set({ password_hash: passwordHash, must_change_password: 0 })
      .where('id', '=', user.id)
      .execute();
    let others = trx.deleteFrom('hq_sessions').where('user_id', '=', user.id);
    if (user.sessionTokenHash) others = others.where('token_hash', '!=', user.sessionTokenHash);
    await others.execute();
  });
  return { ok: true };
}
