import { useRejectedOps } from '../db/rejectedOps';
import { whatToDo } from '../pickup/rejectReasons';
import { localeOf, useLang, useT } from './i18n';
import { fill } from './syncWords';
import { useTill } from './tillContext';

/** The till's rejected and set-aside sales, with the server's reason, opened from the status bar. */
export function AttentionList({ onClose }: { onClose: () => void }) {
  const t = useT();
  const lang = useLang();
  const { db } = useTill();
  const ops = useRejectedOps(db, true);
  const when = new Intl.DateTimeFormat(localeOf(lang), { dateStyle: 'short', timeStyle: 'short' });
  return (
    <section className="attention" data-testid="attention-list" aria-label={t('attention.title')}>
      <header>
        <h2>{t('attention.title')}</h2>
        <button type="button" className="link" onClick={onClose}>
          {t('attention.close')}
        </button>
      </header>
      <p className="muted">{t('attention.lead')}</p>
      <table>
        <thead>
          <tr>
            <th>{t('attention.time')}</th>
            <th>{t('attention.receipt')}</th>
            <th>{t('attention.reason')}</th>
            <th>{t('attention.detail')}</th>
          </tr>
        </thead>
        <tbody>
          {ops.map((op) => (
            <tr key={op.seq} data-testid="attention-row">
              <td>{when.format(new Date(op.rejectedAt))}</td>
              <td>
                {op.receiptNo ??
                  (op.pickup
                    ? t('attention.pickup')
                    : op.cardNumber
                      ? t('attention.cardIssue')
                      : `#${op.seq}`)}
              </td>
              <td>
                <code>{op.reason}</code>
                {op.quarantined && <span className="tag">{t('attention.setAside')}</span>}
              </td>
              <td className="detail">
                {op.reason === 'card_taken' && op.cardNumber && (
                  <p className="what-to-do" data-testid="attention-what-to-do">
                    {fill(t('attention.cardTaken'), { card: op.cardNumber })}
                  </p>
                )}
                {op.pickup && whatToDo(op.reason) && <p className="what-to-do">{t(whatToDo(op.reason)!)}</p>}
                {op.detail ?? '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
