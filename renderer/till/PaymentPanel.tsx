import { useState, type FormEvent } from 'react';
import { parseMoneyInput } from '../../shared/domain/money';
import { useT } from '../app/i18n';

type Props = {
  totalMinor: number;
  money: (minor: number) => string;
  busy: boolean;
  onConfirm: (cashTenderedMinor: number) => void;
};

/** Cash payment: what was received, the change due, and the one button that confirms the sale. */
export function PaymentPanel({ totalMinor, money, busy, onConfirm }: Props) {
  const t = useT();
  const [cash, setCash] = useState('');
  const tendered = cash.trim() === '' ? totalMinor : parseMoneyInput(cash);
  const change = tendered === null ? null : tendered - totalMinor;
  const canConfirm = totalMinor > 0 && change !== null && change >= 0 && !busy;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (canConfirm && tendered !== null) {
      onConfirm(tendered);
      setCash('');
    }
  };

  return (
    <form className="payment" onSubmit={submit}>
      <div className="total">
        <span>{t('till.total')}</span>
        <strong data-testid="total">{money(totalMinor)}</strong>
      </div>
      <label>
        {t('till.cash')}
        <input
          inputMode="decimal"
          placeholder={t('till.exact')}
          value={cash}
          onChange={(e) => setCash(e.target.value)}
          data-testid="cash-input"
        />
      </label>
      <div className="change">
        <span>{t('till.change')}</span>
        <strong data-testid="change">
          {change === null || change < 0 ? t('till.short') : money(change)}
        </strong>
      </div>
      <button type="submit" className="confirm" disabled={!canConfirm} data-testid="confirm">
        {busy ? t('till.saving') : t('till.confirm')}
      </button>
    </form>
  );
}
