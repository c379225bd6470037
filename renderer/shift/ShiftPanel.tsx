import { useState, type FormEvent } from 'react';
import { parseMoneyInput } from '../../shared/domain/money';
import type { ShiftFigures } from '../../shared/domain/shift';
import type { ShiftRecord } from '../db/database';
import { useShiftFigures } from '../db/shiftHooks';
import { closeShift, recordCashMove } from '../db/shifts';
import { useT } from '../app/i18n';
import { useTill } from '../app/tillContext';
import { useMoney } from '../till/useMoney';
import { useShiftSession } from './shiftContext';

export type ShiftMode = null | 'in' | 'out' | 'x' | 'z';

type Props = {
  currency: string;
  /** The open form or report, kept by the app so its Shift+key hotkeys open them too. */
  mode: ShiftMode;
  onMode: (mode: ShiftMode) => void;
};

/** The shift bar above the till: who, cash in/out, X report, close with Z report, sign out. */
export function ShiftPanel({ currency, mode, onMode }: Props) {
  const t = useT();
  const { db, sync } = useTill();
  const session = useShiftSession();
  const money = useMoney(currency);
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [zReport, setZReport] = useState<ShiftRecord | null>(null);
  const figures = useShiftFigures(db, session?.shift?.id ?? null);
  if (!session) return null;
  const { cashier, shift } = session;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const minor = parseMoneyInput(amount);
    if (minor === null || !shift) return setError(t('shift.badAmount'));
    const work =
      mode === 'z'
        ? closeShift(db, shift.id, cashier.id, minor).then(setZReport)
        : recordCashMove(db, {
            shiftId: shift.id,
            cashierId: cashier.id,
            direction: mode === 'in' ? 'in' : 'out',
            amountMinor: minor,
            reason: reason.trim(),
          });
    void work
      .then(() => {
        onMode(null);
        setAmount('');
        setReason('');
        setError(null);
        sync.kick();
      })
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  };

  const toggle = (next: ShiftMode) => {
    setError(null);
    onMode(mode === next ? null : next);
  };

  return (
    <section className="shift-panel" aria-label={t('shift.panel')} data-testid="shift-panel">
      <span className="shift-who" data-testid="shift-cashier">
        {cashier.name}
      </span>
      <button type="button" onClick={() => toggle('in')} data-testid="cash-in" aria-keyshortcuts="Shift+F3">
        <kbd>⇧F3</kbd>
        {t('shift.cashIn')}
      </button>
      <button type="button" onClick={() => toggle('out')} data-testid="cash-out" aria-keyshortcuts="Shift+F4">
        <kbd>⇧F4</kbd>
        {t('shift.cashOut')}
      </button>
      <button type="button" onClick={() => toggle('x')} data-testid="x-report" aria-keyshortcuts="Shift+F6">
        <kbd>⇧F6</kbd>
        {t('shift.x')}
      </button>
      <button type="button" onClick={() => toggle('z')} data-testid="z-report" aria-keyshortcuts="Shift+F12">
        <kbd>⇧F12</kbd>
        {t('shift.z')}
      </button>
      <button type="button" onClick={session.signOut} data-testid="sign-out" aria-keyshortcuts="Shift+F9">
        <kbd>⇧F9</kbd>
        {t('shift.signOut')}
      </button>
      {(mode === 'in' || mode === 'out' || mode === 'z') && (
        <form className="shift-form" onSubmit={submit}>
          <label>
            {mode === 'z' ? t('shift.counted') : t('shift.amount')}
            <input
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
              inputMode="decimal"
              autoFocus
              data-testid="shift-amount"
            />
          </label>
          {mode !== 'z' && (
            <label>
              {t('shift.reason')}
              <input
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                required
                maxLength={200}
                data-testid="shift-reason"
              />
            </label>
          )}
          <button type="submit" data-testid="shift-submit">
            {mode === 'z' ? t('shift.close') : t('shift.record')}
          </button>
          {error && <span role="alert">{error}</span>}
        </form>
      )}
      {mode === 'x' && shift && figures && (
        <ShiftReport title={t('shift.x')} opening={shift.openingCashMinor} figures={figures} money={money} />
      )}
      {zReport?.close && (
        <div className="modal-backdrop">
          <div className="modal" role="dialog" aria-modal="true" data-testid="z-report-view">
            <ShiftReport
              title={t('shift.zTitle')}
              opening={zReport.openingCashMinor}
              figures={zReport.close.figures}
              money={money}
              counted={zReport.close.countedCashMinor}
              difference={zReport.close.differenceMinor}
            />
            <button type="button" onClick={() => setZReport(null)} data-testid="z-done">
              {t('shift.done')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

type ReportProps = {
  title: string;
  opening: number;
  figures: ShiftFigures;
  money: (minor: number) => string;
  counted?: number;
  difference?: number;
};

export function ShiftReport({ title, opening, figures, money, counted, difference }: ReportProps) {
  const t = useT();
  const method = (name: string) => (name === 'cash' || name === 'card' ? t(`shift.method.${name}`) : name);
  const rows: [string, string, string][] = [
    [t('shift.sales'), String(figures.salesCount), 'sales'],
    [t('shift.salesTotal'), money(figures.salesTotalMinor), 'sales-total'],
    ...Object.entries(figures.byMethod).map(([name, minor]): [string, string, string] => [
      method(name),
      money(minor),
      `method-${name}`,
    ]),
    [t('shift.returns'), `${figures.returnsCount} · ${money(figures.returnsTotalMinor)}`, 'returns'],
    // Refunds by the tender they left in; cash among them is off the drawer's expected cash.
    ...Object.entries(figures.returnsByMethod ?? {}).map(([name, minor]): [string, string, string] => [
      `${t('shift.refunded')}: ${method(name)}`,
      `−${money(minor)}`,
      `refund-${name}`,
    ]),
    [t('shift.opening'), money(opening), 'opening'],
    [t('shift.cashIn'), money(figures.cashInMinor), 'cash-in'],
    [t('shift.cashOut'), money(figures.cashOutMinor), 'cash-out'],
    [t('shift.expected'), money(figures.expectedCashMinor), 'expected'],
  ];
  if (counted !== undefined) rows.push([t('shift.counted'), money(counted), 'counted']);
  if (difference !== undefined) rows.push([t('shift.difference'), money(difference), 'difference']);
  return (
    <div className="shift-report">
      <h2>{title}</h2>
      <table>
        <tbody>
          {rows.map(([label, value, id]) => (
            <tr key={id}>
              <th scope="row">{label}</th>
              <td data-testid={`report-${id}`}>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
