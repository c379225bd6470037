import { useState, type FormEvent } from 'react';
import { parseMoneyInput } from '../../shared/domain/money';
import { openShift } from '../db/shifts';
import { useT } from '../app/i18n';
import { useTill } from '../app/tillContext';
import { useShiftSession } from './shiftContext';

/** A signed-in cashier with no open shift counts the drawer and opens one. */
export function OpenShiftForm() {
  const t = useT();
  const { db, sync } = useTill();
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
    </main>
  );
}
