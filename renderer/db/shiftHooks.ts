import { useLiveQuery } from 'dexie-react-hooks';
import { activeCashiers } from './cashiers';
import type { TillDb } from './database';
import { openShiftOf, shiftFigures } from './shifts';

/** The till's open shift: undefined while loading, null when none. */
export function useOpenShift(db: TillDb) {
  return useLiveQuery(async () => (await openShiftOf(db)) ?? null, [db]);
}

export function useActiveCashiers(db: TillDb) {
  return useLiveQuery(() => activeCashiers(db), [db], []);
}

/** The running X figures of the open shift, re-read on every sale and cash move. */
export function useShiftFigures(db: TillDb, shiftId: string | null) {
  return useLiveQuery(async () => {
    if (shiftId === null) return null;
    const shift = await db.shifts.get(shiftId);
    return shift ? shiftFigures(db, shift) : null;
  }, [db, shiftId]);
}

/** The name of the cashier a sale records, for its receipt; null for a sale without one. */
export function useCashierName(db: TillDb, cashierId: string | undefined): string | null {
  return (
    useLiveQuery(
      async () => (cashierId === undefined ? null : ((await db.cashiers.get(cashierId))?.name ?? null)),
      [db, cashierId],
    ) ?? null
  );
}
