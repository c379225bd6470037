import type { Kysely } from 'kysely';
import { normalizeIdentifier } from '../../shared/identity/normalize';
import type { Database } from '../db/schema';
import type { IdentifierType } from './types';

/**
 * The surviving customer an identifier belongs to now, or null (unknown, junk, erased). The value
 * is normalized first; a shop account needs its connection, as `<connectionId>:<id>` or in
 * `connectionId`.
 */
export async function resolveIdentifier(
  db: Kysely<Database>,
  id: { type: IdentifierType; value: string; connectionId?: string },
): Promise<string | null> {
  const normalized = normalizeIdentifier(id.type, id.value, {
    ...(id.connectionId !== undefined ? { connectionId: id.connectionId } : {}),
  });
  if (!normalized.ok) return null;
  const row = await db
    .selectFrom('identity_identifiers as i')
    .innerJoin('customers as c', 'c.id', 'i.customer_id')
    .select(['c.id', 'c.merged_into', 'c.erased_at'])
    .where('i.type', '=', id.type)
    .where('i.value', '=', normalized.value)
    .executeTakeFirst();
  if (!row || row.erased_at !== null) return null;
  return row.merged_into ?? row.id;
}
