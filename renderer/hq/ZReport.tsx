import { dateTime, money } from './format';
import type { HqOutputs } from './hqClient';
import { useHqT, type HqTranslate } from './hqI18n';
import { cashVerdict, tenderRows } from './shiftFigures';

export type Shift = HqOutputs['shiftPage']['shifts'][number];

export const tenderName = (method: string, t: HqTranslate) =>
  method === 'cash' ? t('tender.cash') : method === 'card' ? t('tender.card') : method;

/**
 * A closed shift's Z report as the till counted it, laid out to print on its own (the print style
 * sheet hides the rest of the page): times by both clocks, money per tender, cash counted against
 * expected and the difference.
 */
export function ZReport({
  shift,
  storeName,
  onClose,
}: {
  shift: Shift;
  storeName: string;
  onClose: () => void;
}) {
  const t = useHqT();
  const closed = shift.closed;
  if (!closed) return null;
  const m = (minor: number) => money(minor, shift.currency);
  const z = closed.figures;
  const verdict = cashVerdict(closed.differenceMinor);
  return (
    <div className="z-overlay" role="dialog" aria-label={t('shifts.zReport')}>
      <article className="z-report" data-testid="z-report">
        <h2>{t('shifts.zReport')}</h2>
        <p>
          {storeName} · {shift.deviceName}
        </p>
        <dl>
          <dt>{t('shifts.opened')}</dt>
          <dd>
            {dateTime(shift.opened.tillTime)} ({t('work.tillTime')}) · {shift.cashierName}
          </dd>
          <dt>{t('shifts.closedAt')}</dt>
          <dd>
            {dateTime(closed.tillTime)} ({t('work.tillTime')}) · {closed.closedBy}
          </dd>
          <dt>{t('work.serverTime')}</dt>
          <dd>{dateTime(closed.receivedAt)}</dd>
        </dl>
        {z ? (
          <table>
            <tbody>
              <tr>
                <td>{t('shifts.sales')}</td>
                <td className="num">{z.salesCount}</td>
                <td className="num">{m(z.salesTotalMinor)}</td>
              </tr>
              {tenderRows(z.byMethod, {}).map((row) => (
                <tr key={row.method}>
                  <td>· {tenderName(row.method, t)}</td>
                  <td />
                  <td className="num">{m(row.tillMinor ?? 0)}</td>
                </tr>
              ))}
              <tr>
                <td>{t('shifts.returns')}</td>
                <td className="num">{z.returnsCount}</td>
                <td className="num">{m(z.returnsTotalMinor)}</td>
              </tr>
              <tr>
                <td>{t('shifts.float')}</td>
                <td />
                <td className="num">{m(shift.openingCashMinor)}</td>
              </tr>
              <tr>
                <td>{t('shifts.cashIn')}</td>
                <td />
                <td className="num">{m(z.cashInMinor)}</td>
              </tr>
              <tr>
                <td>{t('shifts.cashOut')}</td>
                <td />
                <td className="num">{m(z.cashOutMinor)}</td>
              </tr>
            </tbody>
          </table>
        ) : (
          <p className="warn">{t('shifts.noZ')}</p>
        )}
        <table>
          <tbody>
            <tr>
              <td>{t('shifts.expected')}</td>
              <td className="num">{m(closed.expectedCashMinor)}</td>
            </tr>
            <tr>
              <td>{t('shifts.counted')}</td>
              <td className="num">{m(closed.countedCashMinor)}</td>
            </tr>
            <tr className={`diff ${verdict}`}>
              <td>
                {t('shifts.difference')} ({t(`shifts.${verdict}`)})
              </td>
              <td className="num">{m(closed.differenceMinor)}</td>
            </tr>
          </tbody>
        </table>
        <p className="z-actions">
          <button type="button" onClick={() => print()} data-testid="z-print">
            {t('shifts.print')}
          </button>{' '}
          <button type="button" className="link" onClick={onClose}>
            {t('shifts.close')}
          </button>
        </p>
      </article>
    </div>
  );
}
