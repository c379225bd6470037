import { createContext, useContext } from 'react';
import type { CashierRecord, ShiftRecord } from '../db/database';

/** What needs a manager's PIN at the till. */
export type ManagerReason = 'void' | 'return' | 'scanners' | 'pickup';

export type ShiftSession = {
  cashier: CashierRecord;
  /** null until the cashier opens one. */
  shift: ShiftRecord | null;
  signOut: () => void;
  /**
   * Asks for a manager's PIN (any manager of the store, the signed-in one too) and resolves true
   * once one is given, false if the cashier cancels. Counts towards the same lockout as sign-in.
   */
  requireManager: (reason: ManagerReason) => Promise<boolean>;
  /** As `requireManager`, resolving to the approving manager's id (recorded with a return), or null. */
  approvingManager: (reason: ManagerReason) => Promise<string | null>;
};

export const ShiftContext = createContext<ShiftSession | null>(null);

/** The signed-in cashier and open shift; null outside the gate (enrolment, settings). */
export function useShiftSession(): ShiftSession | null {
  return useContext(ShiftContext);
}
