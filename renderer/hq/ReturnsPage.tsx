import { dateTime, money, quantity } from './format';
import { hq, type HqOutputs } from './hqClient';
import { useHqT } from './hqI18n';
import { StorePage, type StoreItem } from './StorePicker';
import { useCursorPages } from './useCursorPages';
import { TwoTimes } from './TwoTimes';

type Page = HqOutputs['storeReturns'];
type Return = Page['returns'][number];
const PAGE = 50;

/** A store's returns, newest first by when the server received them, a page at a time. */
export function ReturnsPage() {
  return <StorePage>{(store) => <StoreReturns key={store.id} store={store} />}</StorePage>;
}

function StoreReturns({ store }: { store: StoreItem }) {
  const t = useHqT();
  const { items, nextCursor, error, more } = useCursorPages(store.id, (cursor) =>
    hq.hq.storeReturns
      .query({ storeId: store.id, limit: PAGE, cursor })
      .then((page) => ({ items: page.returns, nextCursor: page.nextCursor })),
  );
  return (
    <section>
      <h2>{t('returns.title', { store: store.name })}</h2>
      <p className="muted">{t('returns.lead')}</p>
      {error && <p className="alert">{error}</p>}
      {items && items.length === 0 && <p>{t('work.none')}</p>}
      {items?.map((r) => (
        <ReturnCard key={r.returnId} ret={r} />
      ))}
      {nextCursor && (
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
