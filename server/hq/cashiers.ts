import { randomBytes } from 'node:crypto';
import { hashPin, pinHashSchema } from '../../shared/domain/pinHash';
import { uuidv7 } from '../../shared/domain/uuidv7';
import type { CashierRow } from '../../shared/sync/protocol';
import { inScope, type StoreScope } from '../auth/roles';
import type { Db } from '../db/connect';
import { appendChanges } from '../sync/changeLog';

export type CashierRole = CashierRow['role'];
export type CashierListItem = {
  id: string;
  name: string;
  role: CashierRole;
  active: boolean;
  createdAt: string;
};

/**
 * Adds a cashier to a store and sends them to its tills (pull topic `cashier`, only that store's
 * tills). The PIN is hashed here and forgotten: nobody can read it back, only set a new one.
 */
export async function createCashier(
  db: Db,
  scope: StoreScope,
  input: { storeId: string; name: string; role: CashierRole; pin: string },
  createdBy: string,
  now = new Date(),
): Promise<{ ok: true; id: string } | { ok: false; reason: 'unknown_store' }> {
  if (!inScope(scope, input.storeId)) return { ok: false, reason: 'unknown_store' };
  const store = await db.kysely
    .selectFrom('stores')
    .select('id')
    .where('id', '=', input.storeId)
    .executeTakeFirst();
  if (!store) return { ok: false, reason: 'unknown_store' };
  const id = uuidv7();
  const at = now.toISOString();
  const pinHash = await hashPin(input.pin, randomBytes(16));
  const row: CashierRow = { id, name: input.name, role: input.role, pinHash, active: true };
  await db.kysely.transaction().execute(async (trx) => {
    await trx
      .insertInto('cashiers')
      .values({
        id,
        store_id: input.storeId,
        name: input.name,
        role: input.role,
        pin_hash: JSON.stringify(pinHash),
        created_by: createdBy,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await appendChanges(trx, [{ topic: 'cashier', entityId: id, storeId: input.storeId, data: row }], at);
  });
  return { ok: true, id };
}

/** Replaces a cashier's PIN or switches them off; the store's tills learn it on their next pull. */
export async function updateCashier(
  db: Db,
  scope: StoreScope,
  input: { id: string; pin?: string | undefined; active?: boolean | undefined },
  now = new Date(),
): Promise<{ ok: true } | { ok: false; reason: 'unknown_cashier' }> {
  const at = now.toISOString();
  const newHash = input.pin === undefined ? null : await hashPin(input.pin, randomBytes(16));
  return db.kysely.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('cashiers')
      .selectAll()
      .where('id', '=', input.id)
      .executeTakeFirst();
    if (!current || !inScope(scope, current.store_id))
      return { ok: false, reason: 'unknown_cashier' } as const;
    const pinHash = newHash ?? pinHashSchema.parse(JSON.parse(current.pin_hash));
    const active = input.active ?? current.active === 1;
    await trx
      .updateTable('cashiers')
      .set({ pin_hash: JSON.stringify(pinHash), active: active ? 1 : 0, updated_at: at })
      .where('id', '=', input.id)
      .execute();
    const row: CashierRow = { id: current.id, name: current.name, role: current.role, pinHash, active };
    await appendChanges(
      trx,
      [{ topic: 'cashier', entityId: current.id, storeId: current.store_id, data: row }],
      at,
    );
    return { ok: true } as const;
  });
}

/** A store's cashiers for HQ: names and roles, never the PIN hash. */
export async function listCashiers(
  db: Db,
  scope: StoreScope,
  storeId: string,
): Promise<CashierListItem[] | null> {
  if (!inScope(scope, storeId)) return null;
  const rows = await db.kysely
    .selectFrom('cashiers')
    .select(['id', 'name', 'role', 'active', 'created_at'])
    .where('store_id', '=', storeId)
    .orderBy('name')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    role: r.role,
    active: r.active === 1,
    createdAt: r.created_at,
  }));
}
