import { z } from 'zod';
import type { Db } from '../db/connect';

/**
 * HQ roles (docs/operations.md §10.1):
 * - `admin`: everything, including users, stores and every till;
 * - `analyst`: reads everything across the chain, changes nothing;
 * - `store_manager`: reads and manages only the stores assigned to them (their tills' health,
 *   enrolment codes and revocation, their customers' purchases in those stores).
 */
export const HQ_ROLES = ['admin', 'analyst', 'store_manager'] as const;
export const hqRole = z.enum(HQ_ROLES);
export type HqRole = z.infer<typeof hqRole>;

/** Which stores a signed-in user's reads and actions reach. */
export type StoreScope = { kind: 'chain' } | { kind: 'stores'; storeIds: string[] };

export async function storeScopeOf(db: Db, user: { id: string; role: HqRole }): Promise<StoreScope> {
  if (user.role !== 'store_manager') return { kind: 'chain' };
  const rows = await db.kysely
    .selectFrom('hq_user_stores')
    .select('store_id')
    .where('user_id', '=', user.id)
    .orderBy('store_id')
    .execute();
  return { kind: 'stores', storeIds: rows.map((r) => r.store_id) };
}

export function inScope(scope: StoreScope, storeId: string): boolean {
  return scope.kind === 'chain' || scope.storeIds.includes(storeId);
}
