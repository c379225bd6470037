import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent } from 'react';
import { returnableOf, returnFigures, sumReturned, type ReturnLine } from '../../shared/domain/saleReturn';
import { useT } from '../app/i18n';
import { useTill } from '../app/tillContext';
import type { SaleRecord } from '../db/database';
import { recordReturn, returnableLeft, returnSyncState } from '../db/returns';
import { useShiftSession } from '../shift/shiftContext';

type Props = {
  sale: SaleRecord;
  money: (minor: number) => string;
  /** Asks for a manager's PIN; resolves to the approving manager's id, or null when refused. */
  approve?: (() => Promise<string | null>) | undefined;
  onDone: () => void;
};

const units = (milli: number) => (milli / 1000).toLocaleString(undefined, { maximumFractionDigits: 3 });

/**
 * A full or partial return of one sale, offline like a sale. Each line shows what is still
 * returnable after earlier returns at this till; the refund shown is the one the server will
 * compute, from the same shared arithmetic.
 */
export function ReturnForm({ sale, money, approve, onDone }: Props) {
  const t = useT();
  const { db, sync } = useTill();
  const session = useShiftSession();
  const left = useLiveQuery(() => returnableLeft(db, sale), [db, sale], new Map<number, number>());
  const earlier = useLiveQuery(
    async () => {
      const rows = await db.returns.where('saleId').equals(sale.saleId).sortBy('seq');
      return Promise.all(rows.map(async (r) => ({ ...r, state: await returnSyncState(db, r) })));
    },
    [db, sale],
    [],
  );
  const [qty, setQty] = useState<Record<number, string>>({});
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  const lines: ReturnLine[] = sale.lines.flatMap((l) => {
    const n = Math.round(Number((qty[l.lineNo] ?? '0').replace(',', '.')) * 1000);
    return Number.isFinite(n) && n > 0 ? [{ lineNo: l.lineNo, quantityMilli: n }] : [];
  });
  const returnedBefore = sumReturned(earlier);
  const figures = lines.length > 0 ? returnFigures(returnableOf(sale), returnedBefore, lines) : null;
  const nothingLeft = [...left.values()].every((n) => n === 0);
  const firstOpen = sale.lines.find((l) => (left.get(l.lineNo) ?? 0) > 0)?.lineNo;

  const canConfirm = figures?.ok === true && reason.trim() !== '';
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!canConfirm) return;
    const approvedBy = approve ? await approve() : undefined;
    if (approvedBy === null) return;
    const result = await recordReturn(db, {
      sale,
      lines,
      reason: reason.trim(),
      ...(session?.shift ? { shift: { cashierId: session.cashier.id, shiftId: session.shift.id } } : {}),
      ...(approvedBy ? { approvedBy } : {}),
    });
    if (!result.ok) {
      setMessage(`${t('return.failed')}: ${result.error}`);
      return;
    }
    setMessage(`${t('return.done')}: ${money(result.record.refundMinor)}`);
    setQty({});
    sync.kick();
  };

  return (
    <section className="return-form" data-testid="return-form">
      <h3>{t('return.title')}</h3>
      {earlier.length > 0 && (
        <ul data-testid="return-earlier">
          {earlier.map((r) => (
            <li key={r.returnId} data-state={r.state}>
              {t('return.earlier')}: {money(r.refundMinor)} · {t(`sales.${r.state}`)}
            </li>
          ))}
        </ul>
      )}
      {nothingLeft ? (
        <p>{t('return.nothing')}</p>
      ) : (
        // Enter in any field confirms: a return is made from the keyboard like a sale.
        <form onSubmit={(e) => void submit(e)}>
          <table>
            <thead>
              <tr>
                <th>{t('till.item')}</th>
                <th>{t('return.left')}</th>
                <th>{t('return.qty')}</th>
              </tr>
            </thead>
            <tbody>
              {sale.lines.map((l) => (
                <tr key={l.lineNo} data-testid="return-line">
                  <td>{l.name}</td>
                  <td data-testid="return-left">{units(left.get(l.lineNo) ?? 0)}</td>
                  <td>
                    <input
                      inputMode="decimal"
                      size={6}
                      disabled={(left.get(l.lineNo) ?? 0) === 0}
                      autoFocus={l.lineNo === firstOpen}
                      value={qty[l.lineNo] ?? ''}
                      onChange={(e) => setQty({ ...qty, [l.lineNo]: e.target.value })}
                      aria-label={`${t('return.qty')} ${l.name}`}
                      data-testid={`return-qty-${l.lineNo}`}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button
            type="button"
            onClick={() =>
              setQty(Object.fromEntries([...left].filter(([, n]) => n > 0).map(([no, n]) => [no, units(n)])))
            }
          >
            {t('return.all')}
          </button>
          <label>
            {t('return.reason')}{' '}
            <input value={reason} onChange={(e) => setReason(e.target.value)} data-testid="return-reason" />
          </label>
          {figures && !figures.ok && <p className="alert">{t('return.failed')}</p>}
          {figures?.ok && (
            <p data-testid="return-refund">
              {t('return.refund')}: <strong>{money(figures.refundMinor)}</strong>
            </p>
          )}
          <button type="submit" disabled={!canConfirm} data-testid="return-confirm">
            {t('return.confirm')}
          </button>
        </form>
      )}
      {message && (
        <p role="status" data-testid="return-message">
          {message}
        </p>
      )}
      <button type="button" onClick={onDone}>
        {t('receipt.close')}
      </button>
    </section>
  );
}
