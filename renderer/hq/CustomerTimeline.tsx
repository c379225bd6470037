import { useEffect, useState } from 'react';
import { dateTime, money } from './format';
import { errorText, hq, type HqOutputs } from './hqClient';
import { useHqT, type HqMessageKey } from './hqI18n';

type Event = HqOutputs['customerTimeline']['events'][number];

const PAGE = 50;

/** One customer's events across channels, newest first, fifty at a time (`hq.customerTimeline`). */
export function CustomerTimeline({ customerId }: { customerId: string }) {
  const t = useHqT();
  const [events, setEvents] = useState<Event[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [loaded, setLoaded] = useState(false);

  // The first page with the view; older pages join it on request.
  useEffect(() => {
    let live = true;
    hq.hq.customerTimeline.query({ customerId, limit: PAGE }).then(
      (page) => {
        if (!live) return;
        setEvents(page.events);
        setCursor(page.nextCursor);
        setLoaded(true);
      },
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [customerId]);

  const more = async (after: string) => {
    setBusy(true);
    try {
      const page = await hq.hq.customerTimeline.query({ customerId, limit: PAGE, cursor: after });
      setEvents((old) => [...old, ...page.events]);
      setCursor(page.nextCursor);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="timeline" data-testid="timeline">
      <h3>{t('timeline.title')}</h3>
      {error && <p className="alert">{error}</p>}
      {loaded && events.length === 0 && !error && <p className="muted">{t('timeline.empty')}</p>}
      {events.length > 0 && (
        <table className="devices">
          <thead>
            <tr>
              <th>{t('timeline.when')}</th>
              <th>{t('timeline.what')}</th>
              <th>{t('timeline.where')}</th>
              <th>{t('timeline.arrivedWith')}</th>
              <th className="num">{t('timeline.amount')}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id} data-testid="timeline-event" data-kind={e.kind} data-channel={e.channel}>
                <td className="when">{dateTime(e.at)}</td>
                <td>
                  <span className={`channel channel-${e.channel}`}>{t(`timeline.channel.${e.channel}`)}</span>{' '}
                  {t(`timeline.kind.${e.kind}` as HqMessageKey)}
                  {e.detail && (
                    <span className="muted">
                      {' '}
                      · {e.kind === 'cart' ? t.count('count.items', Number(e.detail)) : e.detail}
                    </span>
                  )}
                </td>
                <td>{where(e)}</td>
                <td>
                  {e.identifier ? (
                    <code>{`${t(`identifier.${e.identifier.type}` as HqMessageKey)} ${e.identifier.value}`}</code>
                  ) : (
                    '—'
                  )}
                </td>
                <td className="num">
                  {e.amountMinor !== null && e.currency ? money(e.amountMinor, e.currency) : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cursor && (
        <p className="more">
          <button type="button" disabled={busy} onClick={() => void more(cursor)} data-testid="timeline-more">
            {t('timeline.more')}
          </button>
        </p>
      )}
    </section>
  );
}

function where(e: Event): string {
  return e.store?.name ?? e.connectionId ?? '—';
}
