import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent } from 'react';
import { formatMoney } from '../../shared/domain/money';
import { parseMoneyInput } from '../../shared/domain/money';
import { getMeta } from '../db/meta';
import { openShift } from '../db/shifts';
import { localeOf, useLang, useT } from '../app/i18n';
import { useTill } from '../app/tillContext';
import { useShiftSession } from './shiftContext';
import { ShiftReport } from './ShiftPanel';

/**
 * A signed-in cashier with no open shift counts the drawer and opens one. The Z report of the
 * shift this till closed last stays on this screen, so the cashier who just closed can read it.
 */
export function OpenShiftForm() {
  const t = useT();
  const lang = useLang();
  const { db, sync } = useTill();
  const last = useLiveQuery(async () => {
    const closed = await db.shifts.where('status').equals('closed').toArray();
    // The till's own order of events (seq), never its clock, decides which shift was last.
    const shift = closed.sort((a, b) => b.openSeq - a.openSeq)[0];
    const device = await getMeta(db, 'device');
    return shift && device ? { shift, currency: device.store.currency } : null;
  }, [db]);
  const lastClosed = last?.shift ?? null;
  const session = useShiftSession();
  const [cash, setCash] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!session) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const minor = parseMoneyInput(cash);
    if (minor === null) return setError(t('shift.badAmount'));
    void openShift(db, session.cashier.id, minor)
      .then(() => sync.kick())
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  };
  return (
    <main className="shift-gate" data-testid="open-shift">
      <h1>{t('shift.openTitle')}</h1>
      <p>{session.cashier.name}</p>
      <form onSubmit={submit}>
        <label>
          {t('shift.openingCash')}
          <input
            value={cash}
            onChange={(e) => setCash(e.target.value)}
            inputMode="decimal"
            autoFocus
            data-testid="opening-cash"
          />
        </label>
        <button type="submit" data-testid="open-shift-submit">
          {t('shift.open')}
        </button>
        <button type="button" onClick={session.signOut}>
          {t('shift.signOut')}
        </button>
      </form>
      {error && <p role="alert">{error}</p>}
      {lastClosed?.close && last && (
        <div className="last-z" data-testid="last-z-report">
          <ShiftReport
            title={t('shift.zTitle')}
            opening={lastClosed.openingCashMinor}
            figures={lastClosed.close.figures}
            money={(minor) => formatMoney(minor, last.currency, localeOf(lang))}
            counted={lastClosed.close.countedCashMinor}
            difference={lastClosed.close.differenceMinor}
          />
        </div>
      )}
    </main>
  );
}
