import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { pickupStatusSchema } from '../../shared/domain/pickup';
import { dateTime, money } from './format';
import { errorText, hq, type HqOutputs } from './hqClient';
import { useHqT } from './hqI18n';
import { useHqStores } from './useHqStores';
import { OnlineOrderDetail, statusWord } from './OnlineOrderDetail';

type Row = HqOutputs['webshop']['orderPage']['rows'][number];
type Status = Row['status'];

const STATES: readonly Status[] = pickupStatusSchema.options;

type Filter = { storeId: string; status: Status | ''; search: string };

/** Online orders, one row per store part, filtered by store, state and order number. */
export function OnlineOrdersPage({ canManage, isAdmin }: { canManage: boolean; isAdmin: boolean }) {
  const t = useHqT();
  const [filter, setFilter] = useState<Filter>({ storeId: '', status: '', search: '' });
  const [applied, setApplied] = useState<Filter>(filter);
  const [rows, setRows] = useState<Row[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const stores = useHqStores(setError);

  const load = useCallback(
    (cursor: string | null) => {
      hq.hq.webshop.orderPage
        .query({
          ...(applied.storeId && { storeId: applied.storeId }),
          ...(applied.status && { status: applied.status }),
          ...(applied.search.trim() && { search: applied.search.trim() }),
          ...(cursor && { cursor }),
        })
        .then(
          (page) => {
            setError(null);
            setRows((before) => (cursor ? [...(before ?? []), ...page.rows] : page.rows));
            setNext(page.nextCursor);
          },
          (e: unknown) => setError(errorText(e)),
        );
    },
    [applied],
  );
  useEffect(() => load(null), [load]);

  if (open) {
    return (
      <main className="page">
        <OnlineOrderDetail
          orderId={open}
          canManage={canManage}
          isAdmin={isAdmin}
          onBack={() => {
            setOpen(null);
            load(null);
          }}
        />
      </main>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setApplied(filter);
  };
  return (
    <main className="page">
      <h2>{t('hq.nav.orders')}</h2>
      <form className="search filters" onSubmit={submit}>
        <select
          value={filter.storeId}
          onChange={(e) => setFilter({ ...filter, storeId: e.target.value })}
          data-testid="orders-store"
        >
          <option value="">{t('shop.allStores')}</option>
          {stores.map((s) => (
            <option key={s.id} value={s.id}>
              {s.code} — {s.name}
            </option>
          ))}
        </select>
        <select
          value={filter.status}
          onChange={(e) => setFilter({ ...filter, status: e.target.value as Status | '' })}
          data-testid="orders-state"
        >
          <option value="">{t('shop.allStates')}</option>
          {STATES.map((s) => (
            <option key={s} value={s}>
              {statusWord(t, s)}
            </option>
          ))}
        </select>
        <input
          value={filter.search}
          placeholder={t('shop.search')}
          onChange={(e) => setFilter({ ...filter, search: e.target.value })}
          data-testid="orders-search"
        />
        <button type="submit">{t('shop.find')}</button>
      </form>
      {error && <p className="alert">{error}</p>}
      {rows && rows.length === 0 && <p>{t('shop.none')}</p>}
      {rows && rows.length > 0 && (
        <table className="devices orders">
          <thead>
            <tr>
              <th>{t('shop.order')}</th>
              <th>{t('shop.store')}</th>
              <th>{t('shop.state')}</th>
              <th>{t('shop.total')}</th>
              <th>{t('shop.placed')}</th>
              <th>{t('shop.holdUntil')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.orderId}/${r.storeId}`} data-testid="order-row">
                <td>
                  <button type="button" className="link" onClick={() => setOpen(r.orderId)}>
                    {r.orderNumber}
                  </button>{' '}
                  <span className="muted">{r.connectionId}</span>
                </td>
                <td>{r.storeName}</td>
                <td>
                  <span className={`badge state-${r.status}`}>{statusWord(t, r.status)}</span>{' '}
                  <span className="muted">
                    {t('shop.handedOut', { collected: r.collectedQuantity, quantity: r.quantity })}
                  </span>
                </td>
                <td>{money(r.totalMinor, r.currency)}</td>
                <td>{dateTime(r.placedAt)}</td>
                <td>{dateTime(r.holdUntil)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && (
        <p className="more">
          <button type="button" onClick={() => load(next)}>
            {t('shop.more')}
          </button>
        </p>
      )}
    </main>
  );
}
