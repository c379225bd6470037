import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { parseUnknown } from '../../shared/validation';
import { hashPassword } from '../auth/secrets';
import type { Db } from '../db/connect';
import { isUniqueViolation } from '../db/errors';

export type CreateAdminOutcome =
  | { kind: 'created'; email: string; password: string }
  | { kind: 'invalid-email'; detail: string }
  | { kind: 'exists'; email: string };

const emailSchema = z.email().transform((email) => email.toLowerCase());

/** How many HQ users exist: a fresh server has none and says how to create the first. */
export async function countHqUsers(db: Db): Promise<number> {
  const row = await db.kysely
    .selectFrom('hq_users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Creates an HQ admin with a generated password, returned once and stored only as a hash. The
 * email is unique, so two operators creating the same admin at once get one row and one `exists`.
 */
export async function createHqAdmin(
  db: Db,
  email: string,
  name = 'Administrator',
): Promise<CreateAdminOutcome> {
  const parsed = parseUnknown(emailSchema, email);
  if (!parsed.ok) return { kind: 'invalid-email', detail: parsed.error };
  const password = randomBytes(12).toString('base64url');
  try {
    await db.kysely
      .insertInto('hq_users')
      .values({
        id: uuidv7(),
        email: parsed.value,
        name,
        role: 'admin',
        password_hash: await hashPassword(password),
        created_at: new Date().toISOString(),
      })
      .execute();
  } catch (error) {
    if (isUniqueViolation(error)) return { kind: 'exists', email: parsed.value };
    throw error;
  }
  return { kind: 'created', email: parsed.value, password };
}
