import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import type { CashierRecord } from '../db/database';
import { useActiveCashiers, useOpenShift } from '../db/shiftHooks';
import { useT, type MessageKey } from '../app/i18n';
import { useTill } from '../app/tillContext';
import { PinForm } from './PinForm';
import { OpenShiftForm } from './OpenShiftForm';
import { ShiftContext, type ManagerReason, type ShiftSession } from './shiftContext';

const reasonKey: Record<ManagerReason, MessageKey> = {
  void: 'shift.reason.void',
  return: 'shift.reason.return',
  scanners: 'shift.reason.scanners',
  pickup: 'shift.reason.pickup',
};

/**
 * Once HQ has set up cashiers for the till's store, the till is locked without a signed-in cashier
 * and sells only in an open shift. Who is signed in lives in memory: a reload or a restart asks for
 * the PIN again. A store with no cashiers set up at all (a new chain, the demo chain) sells without
 * sign-in, as before; its sales simply carry no cashier (docs/operations.md §14).
 */
export function ShiftGate({ children }: { children: ReactNode }) {
  const t = useT();
  const { db } = useTill();
  const cashiers = useActiveCashiers(db);
  // Every cashier row the store has, switched off or not: none at all means sign-in is not in use.
  const cashiersSetUp = useLiveQuery(() => db.cashiers.count(), [db]);
  const shift = useOpenShift(db);
  const [cashier, setCashier] = useState<CashierRecord | null>(null);
  const [asking, setAsking] = useState<{
    reason: ManagerReason;
    resolve: (managerId: string | null) => void;
  } | null>(null);

  const approvingManager = useCallback(
    (reason: ManagerReason) =>
      new Promise<string | null>((resolve) => {
        setAsking((before) => {
          before?.resolve(null);
          return { reason, resolve };
        });
      }),
    [],
  );
  const requireManager = useCallback(
    async (reason: ManagerReason) => (await approvingManager(reason)) !== null,
    [approvingManager],
  );
  const settle = (managerId: string | null) => {
    asking?.resolve(managerId);
    setAsking(null);
  };

  const session = useMemo<ShiftSession | null>(
    () =>
      cashier && shift !== undefined
        ? { cashier, shift, signOut: () => setCashier(null), requireManager, approvingManager }
        : null,
    [cashier, shift, requireManager, approvingManager],
  );

  if (shift === undefined || cashiersSetUp === undefined) return null;
  if (cashiersSetUp === 0) return <>{children}</>;
  if (!session) {
    return (
      <main className="shift-gate" data-testid="sign-in">
        <h1>{t('shift.signInTitle')}</h1>
        {cashiers.length === 0 ? (
          <p>{t('shift.noCashiers')}</p>
        ) : (
          <PinForm cashiers={cashiers} submitLabel={t('shift.signIn')} onSuccess={setCashier} />
        )}
      </main>
    );
  }
  const managers = cashiers.filter((c) => c.role === 'manager');
  return (
    <ShiftContext.Provider value={session}>
      {shift ? children : <OpenShiftForm />}
      {asking && (
        <div className="modal-backdrop">
          <div className="modal" role="dialog" aria-modal="true" data-testid="manager-dialog">
            <h2>{t('shift.managerTitle')}</h2>
            <p>{t(reasonKey[asking.reason])}</p>
            <PinForm
              cashiers={managers}
              role="manager"
              submitLabel={t('shift.approve')}
              onSuccess={(manager) => settle(manager.id)}
              onCancel={() => settle(null)}
            />
          </div>
        </div>
      )}
    </ShiftContext.Provider>
  );
}
