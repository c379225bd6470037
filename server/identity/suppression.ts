import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { IdentifierType } from './types';
import { suppressionHash } from './suppressionKey';

/** Whether a normalized value belonged to a person who was erased. */
export async function isSuppressed(
  trx: Kysely<Database>,
  type: IdentifierType,
  value: string,
): Promise<boolean> {
  const row = await trx
    .selectFrom('identity_suppressions')
    .select('key_hash')
    .where('key_hash', '=', suppressionHash(type, value))
    .executeTakeFirst();
  return row !== undefined;
}
