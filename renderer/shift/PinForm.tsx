import { useState, type FormEvent } from 'react';
import { checkPin } from '../db/cashiers';
import type { CashierRecord } from '../db/database';
import { useT } from '../app/i18n';
import { useTill } from '../app/tillContext';

type Props = {
  cashiers: CashierRecord[];
  role?: 'manager';
  submitLabel: string;
  onSuccess: (cashier: CashierRecord) => void;
  onCancel?: () => void;
};

/** Choose who you are, type the PIN; checked offline against the pulled hash. */
export function PinForm({ cashiers, role, submitLabel, onSuccess, onCancel }: Props) {
  const t = useT();
  const { db } = useTill();
  const [who, setWho] = useState(cashiers[0]?.id ?? '');
  const [pin, setPin] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = cashiers.some((c) => c.id === who) ? who : (cashiers[0]?.id ?? '');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy || chosen === '') return;
    setBusy(true);
    void checkPin(db, chosen, pin, role ? { role } : {})
      .then((result) => {
        setPin('');
        if (result.ok) return onSuccess(result.cashier);
        setMessage(
          result.reason === 'locked'
            ? `${t('shift.locked')} ${new Date(result.until).toLocaleTimeString()}`
            : `${t('shift.wrongPin')} ${result.attemptsLeft}`,
        );
      })
      .finally(() => setBusy(false));
  };

  return (
    <form className="pin-form" onSubmit={submit}>
      <label>
        {role ? t('shift.manager') : t('shift.who')}
        <select value={chosen} onChange={(e) => setWho(e.target.value)} data-testid="pin-who">
          {cashiers.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('shift.pin')}
        <input
          type="password"
          inputMode="numeric"
          autoComplete="off"
          autoFocus
          maxLength={8}
          value={pin}
          onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
          data-testid="pin-input"
        />
      </label>
      <div className="pin-actions">
        <button type="submit" disabled={busy || pin.length < 4} data-testid="pin-submit">
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel} data-testid="pin-cancel">
            {t('shift.cancel')}
          </button>
        )}
      </div>
      {message && (
        <p className="pin-message" role="alert" data-testid="pin-message">
          {message}
        </p>
      )}
    </form>
  );
}
