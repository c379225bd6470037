import { useEffect, useState } from 'react';
import { dateTime, money, quantity } from './format';
import { errorText, hq, type HqOutputs } from './hqClient';
import { useHqT } from './hqI18n';
import { StorePicker, useStorePick, type StoreItem } from './StorePicker';
import { TwoTimes } from './TwoTimes';

type Page = HqOutputs['storeReturns'];
type Return = Page['returns'][number];
const PAGE = 50;

/** A store's returns, newest first by when the server received them, a page at a time. */
export function ReturnsPage() {
  const t = useHqT();
  const { stores, store, pick, error } = useStorePick();
  if (error)
    return (
      <main className="page">
        <p className="alert">{error}</p>
      </main>
    );
  if (!stores) return null;
  if (!store)
    return (
      <main className="page">
        <p>{t('work.noStores')}</p>
      </main>
    );
  return (
    <main className="page">
      <StorePicker stores={stores} store={store} pick={pick} />
      <StoreReturns key={store.id} store={store} />
    </main>
  );
}

function StoreReturns({ store }: { store: StoreItem }) {
  const t = useHqT();
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    hq.hq.storeReturns
      .query({ storeId: store.id, limit: PAGE })
      .then(setPage, (e: unknown) => setError(errorText(e)));
  }, [store.id]);
  const more = async () => {
    if (!page?.nextCursor) return;
    try {
      const next = await hq.hq.storeReturns.query({
        storeId: store.id,
        limit: PAGE,
        cursor: page.nextCursor,
      });
      setPage({ returns: [...page.returns, ...next.returns], nextCursor: next.nextCursor });
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <section>
      <h2>{t('returns.title', { store: store.name })}</h2>
      <p className="muted">{t('returns.lead')}</p>
      {error && <p className="alert">{error}</p>}
      {page && page.returns.length === 0 && <p>{t('work.none')}</p>}
      {page?.returns.map((r) => (
        <ReturnCard key={r.returnId} ret={r} />
      ))}
      {page?.nextCursor && (
        <p className="more">
          <button type="button" onClick={() => void more()} data-testid="returns-more">
            {t('work.more')}
          </button>
        </p>
      )}
    </section>
  );
}

function ReturnCard({ ret }: { ret: Return }) {
  const t = useHqT();
  return (
    <article className="purchase" data-testid="return">
      <header>
        <span className="when">
          {t('returns.sale', { receipt: ret.receiptNo, at: dateTime(ret.saleTillTime) })}
        </span>
        <span>{ret.deviceName}</span>
        <TwoTimes tillTime={ret.tillTime} receivedAt={ret.receivedAt} />
        <strong className="num" data-testid="return-refund">
          −{money(ret.refundMinor, ret.currency)}
        </strong>
      </header>
      <table>
        <tbody>
          {ret.lines.map((l) => (
            <tr key={l.lineNo}>
              <td>{l.name}</td>
              <td className="num">
                {t('returns.ofSold', { n: quantity(l.quantityMilli), sold: quantity(l.soldMilli) })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="facts">
        <dt>{t('returns.reason')}</dt>
        <dd>{ret.reason || '—'}</dd>
        {ret.cardNumber && (ret.pointsReversed > 0 || ret.pointsRestored > 0) && (
          <>
            <dt>{t('returns.points')}</dt>
            <dd data-testid="return-points">
              {ret.cardNumber}:{' '}
              {t('returns.pointsBack', { reversed: ret.pointsReversed, restored: ret.pointsRestored })}
            </dd>
          </>
        )}
        <dt>{t('returns.cashier')}</dt>
        <dd className={ret.cashierName ? '' : 'muted'}>{ret.cashierName ?? t('returns.notSent')}</dd>
        <dt>{t('returns.approvedBy')}</dt>
        <dd className={ret.approvedByName ? '' : 'muted'} data-testid="return-approval">
          {ret.approvedByName ?? (ret.cashierName ? t('returns.noApproval') : t('returns.notSent'))}
        </dd>
      </dl>
    </article>
  );
}
