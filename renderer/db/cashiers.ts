import { verifyPin } from '../../shared/domain/pinHash';
import { cashierRowSchema, type PullChange } from '../../shared/sync/protocol';
import { parseUnknown } from '../../shared/validation';
import type { CashierRecord, TillDb } from './database';

/** Wrong PINs in a row before sign-in locks, and for how long. */
export const PIN_FAILURES_BEFORE_LOCK = 5;
export const PIN_LOCK_MS = 60_000;

/** Stores one pulled `cashier` row (inside the pull page's transaction); returns why not, or null. */
export function applyCashierChange(db: TillDb, change: PullChange): string | null | Promise<null> {
  // A refused row is answered without a promise, like every pulled topic (renderer/db/catalog.ts).
  if (change.data === null) return db.cashiers.delete(change.id).then(() => null);
  const row = parseUnknown(cashierRowSchema, change.data);
  if (!row.ok) return row.error;
  return db.cashiers.put(row.value).then(() => null);
}

export async function activeCashiers(db: TillDb): Promise<CashierRecord[]> {
  const all = await db.cashiers.toArray();
  return all.filter((c) => c.active).sort((a, b) => a.name.localeCompare(b.name));
}

export type PinCheck =
  | { ok: true; cashier: CashierRecord }
  | { ok: false; reason: 'wrong_pin'; attemptsLeft: number }
  | { ok: false; reason: 'locked'; until: string };

/**
 * Checks a PIN offline against the pulled hash. Five wrong PINs in a row at this till lock every
 * sign-in (and manager approval) for a minute; the count is on disk, so a reload does not reset
 * it. The till's clock only times the lock, it orders nothing.
 */
export async function checkPin(
  db: TillDb,
  cashierId: string,
  pin: string,
  options: { role?: 'manager'; now?: Date } = {},
): Promise<PinCheck> {
  const now = options.now ?? new Date();
  const attempts = (await db.pinAttempts.get('till')) ?? { key: 'till', failures: 0, lockedUntil: null };
  if (attempts.lockedUntil !== null && Date.parse(attempts.lockedUntil) > now.getTime()) {
    return { ok: false, reason: 'locked', until: attempts.lockedUntil };
  }
  const cashier = await db.cashiers.get(cashierId);
  const fits = cashier?.active === true && (options.role === undefined || cashier.role === options.role);
  const matches = cashier !== undefined && (await verifyPin(pin, cashier.pinHash));
  if (cashier && fits && matches) {
    await db.pinAttempts.put({ key: 'till', failures: 0, lockedUntil: null });
    return { ok: true, cashier };
  }
  // After a lock ran out, counting starts again.
  const failures = (attempts.lockedUntil === null ? attempts.failures : 0) + 1;
  if (failures >= PIN_FAILURES_BEFORE_LOCK) {
    const until = new Date(now.getTime() + PIN_LOCK_MS).toISOString();
    await db.pinAttempts.put({ key: 'till', failures, lockedUntil: until });
    return { ok: false, reason: 'locked', until };
  }
  await db.pinAttempts.put({ key: 'till', failures, lockedUntil: null });
  return { ok: false, reason: 'wrong_pin', attemptsLeft: PIN_FAILURES_BEFORE_LOCK - failures };
}
