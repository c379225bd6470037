import { hashPassword } from '../../../server/auth/secrets';
import type { HqRole } from '../../../server/auth/roles';
import type { HqUser } from '../../../server/auth/sessions';
import type { Db } from '../../../server/db/connect';
import { createContextInner } from '../../../server/trpc/context';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { createCaller } from './chain';

/** An HQ user written straight to the tables, as an admin's earlier work would have left it. */
export async function addHqUser(
  db: Db,
  role: HqRole,
  options: { storeIds?: string[]; password?: string; mustChangePassword?: boolean } = {},
): Promise<HqUser & { password: string }> {
  const id = uuidv7();
  const email = `${role.replace('_', '-')}-${id}@test.local`;
  const password = options.password ?? `pw-${id}`;
  await db.kysely
    .insertInto('hq_users')
    .values({
      id,
      email,
      name: `Test ${role}`,
      role,
      password_hash: await hashPassword(password),
      created_at: new Date().toISOString(),
      must_change_password: options.mustChangePassword ? 1 : 0,
    })
    .execute();
  for (const storeId of options.storeIds ?? []) {
    await db.kysely.insertInto('hq_user_stores').values({ user_id: id, store_id: storeId }).execute();
  }
  return {
    id,
    email,
    name: `Test ${role}`,
    role,
    mustChangePassword: !!options.mustChangePassword,
    password,
  };
}

export const hqCaller = (db: Db, user: HqUser | null, sessionToken: string | null = null) =>
  createCaller(createContextInner({ db, hqUser: user, sessionToken }));
