import { dateTime } from './format';
import { useHqT } from './hqI18n';

/**
 * A moment as both sides saw it, each labelled as what it is: the till's clock (printed on
 * receipts, may be off) and when the server received it (what lists are ordered by).
 */
export function TwoTimes({ tillTime, receivedAt }: { tillTime: string; receivedAt: string }) {
  const t = useHqT();
  return (
    <span className="two-times">
      <span title={t('work.tillTimeHint')}>
        {t('work.tillTime')} <b>{dateTime(tillTime)}</b>
      </span>
      <span className="muted" title={t('work.serverTimeHint')}>
        {t('work.serverTime')} {dateTime(receivedAt)}
      </span>
    </span>
  );
}
