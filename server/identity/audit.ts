import type { Kysely } from 'kysely';
import { uuidv7 } from '../../shared/domain/uuidv7';
import type { Database, NewRow } from '../db/schema';

export type AuditEntry = Omit<NewRow<'identity_audit'>, 'id' | 'created_at'>;

/** Appends to the identity audit log; entries are never changed or removed, except by erasure. */
export async function appendAudit(trx: Kysely<Database>, entries: AuditEntry[], at: string): Promise<void> {
  if (entries.length === 0) return;
  await trx
    .insertInto('identity_audit')
    .values(entries.map((e) => ({ id: uuidv7(), created_at: at, ...e })))
    .execute();
}
