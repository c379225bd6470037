import { useEffect, useState } from 'react';
import { dateTime } from './format';
import { errorText, hq, type HqOutputs } from './hqClient';
import { useHqT, type HqTranslate } from './hqI18n';

type Ledger = HqOutputs['customerLedger'];
type Entry = Ledger['entries'][number];

const KINDS = ['earn', 'burn', 'reversal', 'adjustment'] as const;
export const kindName = (kind: string, t: HqTranslate) =>
  (KINDS as readonly string[]).includes(kind) ? t(`kind.${kind as (typeof KINDS)[number]}`) : kind;

/** A customer's points ledger, newest first, with the balance after each entry. */
export function PointsLedger({ customerId, version = 0 }: { customerId: string; version?: number }) {
  const t = useHqT();
  const [ledger, setLedger] = useState<Ledger | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    hq.hq.customerLedger.query({ customerId }).then(setLedger, (e: unknown) => setError(errorText(e)));
  }, [customerId, version]);
  if (error) return <p className="alert">{error}</p>;
  if (!ledger) return null;
  return (
    <section className="ledger" data-testid="points-ledger">
      <h3>
        {t('loyalty.ledger')} ·{' '}
        <span data-testid="ledger-balance">
          {t('loyalty.balance', { points: ledger.balance, tier: ledger.tierCode })}
        </span>
      </h3>
      <table className="devices">
        <thead>
          <tr>
            <th>{t('ledger.when')}</th>
            <th>{t('ledger.kind')}</th>
            <th>{t('ledger.operation')}</th>
            <th>{t('ledger.where')}</th>
            <th className="num">{t('ledger.points')}</th>
            <th className="num">{t('ledger.running')}</th>
          </tr>
        </thead>
        <tbody>
          {ledger.entries.map((e) => (
            <LedgerRow key={e.id} entry={e} t={t} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function LedgerRow({ entry: e, t }: { entry: Entry; t: HqTranslate }) {
  return (
    <tr className={e.overdraft ? 'overdrawn' : ''} data-testid="ledger-entry">
      <td>{dateTime(e.createdAt)}</td>
      <td>
        {kindName(e.kind, t)}
        {e.overdraft && <span className="badge warn">{t('loyalty.overdraft')}</span>}
        {e.note && <small className="muted"> — {e.note}</small>}
      </td>
      <td>
        {e.orderNumber ? (
          t('ledger.onlineOrder', { order: e.orderNumber })
        ) : e.operation ? (
          <code>{e.operation}</code>
        ) : e.createdByName ? (
          t('ledger.hq', { name: e.createdByName })
        ) : (
          '—'
        )}
        {e.receiptNo && <small className="muted"> {e.receiptNo}</small>}
      </td>
      <td>{e.storeName ? `${e.storeName} · ${e.deviceName ?? ''}` : '—'}</td>
      <td className="num">{e.points > 0 ? `+${e.points}` : e.points}</td>
      <td className={`num ${e.balanceAfter < 0 ? 'warn' : ''}`}>{e.balanceAfter}</td>
    </tr>
  );
}
