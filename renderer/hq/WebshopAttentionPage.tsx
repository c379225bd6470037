import { useState, type ReactNode } from 'react';
import { useReloadingQuery } from './useReloadingQuery';
import { dateTime } from './format';
import { hq } from './hqClient';
import { useHqT } from './hqI18n';
import { useHqStores, type HqStore } from './useHqStores';
import { OnlineOrderDetail } from './OnlineOrderDetail';

/**
 * What a person must do about web-shop orders: route the ones the server would not guess, see the
 * desk confirmations it refused, put expired orders' goods back on the shelf, and get the shop's
 * status webhooks through.
 */
export function WebshopAttentionPage({ canManage, isAdmin }: { canManage: boolean; isAdmin: boolean }) {
  const t = useHqT();
  const [open, setOpen] = useState<string | null>(null);
  const {
    data: review,
    error,
    setError,
    load,
    run,
  } = useReloadingQuery(() => hq.hq.webshop.review.query({}));
  const stores = useHqStores(setError);
  const storeName = (id: string) => stores.find((s) => s.id === id)?.name ?? id.slice(0, 8);
  const orderLink = (orderId: string, number: string) => (
    <button type="button" className="link" onClick={() => setOpen(orderId)}>
      {number}
    </button>
  );

  if (open) {
    return (
      <main className="page">
        <OnlineOrderDetail
          orderId={open}
          canManage={canManage}
          isAdmin={isAdmin}
          onBack={() => {
            setOpen(null);
            load();
          }}
        />
      </main>
    );
  }
  return (
    <main className="page attention">
      <h2>{t('hq.nav.attention')}</h2>
      <p className="muted">{t('attention.lead')}</p>
      {error && <p className="alert">{error}</p>}
      {review && (
        <>
          {isAdmin && (
            <Section title={t('attention.unrouted')} lead={t('attention.unroutedLead')} testId="unrouted">
              {review.unrouted.map((o) => (
                <li key={o.orderId}>
                  {orderLink(o.orderId, o.orderNumber)} <span className="muted">{o.connectionId}</span> —{' '}
                  {o.reason}{' '}
                  <AssignStore
                    stores={stores}
                    onAssign={(storeId) =>
                      run(() =>
                        hq.hq.webshop.resolveReview.mutate({
                          orderId: o.orderId,
                          resolution: { kind: 'store', storeId },
                        }),
                      )
                    }
                  />{' '}
                  <button
                    type="button"
                    onClick={() =>
                      run(() =>
                        hq.hq.webshop.resolveReview.mutate({
                          orderId: o.orderId,
                          resolution: { kind: 'delivery_only' },
                        }),
                      )
                    }
                  >
                    {t('attention.deliveryOnly')}
                  </button>
                </li>
              ))}
            </Section>
          )}
          <Section title={t('attention.refused')} lead={t('attention.refusedLead')} testId="refused">
            {review.refusedHandouts.map((h) => (
              <li key={h.pickupId}>
                {orderLink(h.orderId, h.orderNumber)} · {storeName(h.storeId)} · {h.deviceName} ·{' '}
                <b>{h.reason}</b> · {dateTime(h.receivedAt)}
              </li>
            ))}
          </Section>
          <Section title={t('attention.shelf')} testId="shelf">
            {review.returnToShelf.map((p) => (
              <li key={`${p.orderId}/${p.storeId}`}>
                {orderLink(p.orderId, p.orderNumber)} · {storeName(p.storeId)} ·{' '}
                {t('attention.expiredAt', { at: dateTime(p.expiredAt) })}{' '}
                {canManage && (
                  <button
                    type="button"
                    data-testid="returned-to-shelf"
                    onClick={() =>
                      run(() =>
                        hq.hq.webshop.returnedToShelf.mutate({ orderId: p.orderId, storeId: p.storeId }),
                      )
                    }
                  >
                    {t('attention.shelved')}
                  </button>
                )}
              </li>
            ))}
          </Section>
          {isAdmin && (
            <Section title={t('attention.outbound')} testId="failing-outbound">
              {review.failingOutbound.map((e) => (
                <li key={e.id}>
                  {orderLink(e.orderId, e.orderNumber)} · <code>{e.type}</code> ·{' '}
                  {t('shop.pending', { n: e.attempts, at: dateTime(e.nextAttemptAt) })}
                  {e.lastError && <span className="muted"> · {e.lastError}</span>}{' '}
                  <button
                    type="button"
                    onClick={() => run(() => hq.hq.webshop.retryOutbound.mutate({ eventId: e.id }))}
                  >
                    {t('shop.retryNow')}
                  </button>
                </li>
              ))}
            </Section>
          )}
          {isAdmin && (
            <Section title={t('attention.unreadable')} testId="unreadable">
              {review.failedDeliveries.map((d) => (
                <li key={d.id}>
                  {d.connectionId} · <code>{d.topic}</code> · {dateTime(d.receivedAt)}
                  {d.error && <span className="muted"> · {d.error}</span>}
                </li>
              ))}
            </Section>
          )}
        </>
      )}
    </main>
  );
}

function Section({
  title,
  lead,
  testId,
  children,
}: {
  title: string;
  lead?: string;
  testId: string;
  children: ReactNode[];
}) {
  const t = useHqT();
  return (
    <section className="store" data-testid={testId}>
      <h3>
        {title} <span className="badge">{children.length}</span>
      </h3>
      {lead && <p className="muted">{lead}</p>}
      {children.length === 0 ? (
        <p className="muted">{t('attention.nothing')}</p>
      ) : (
        <ul className="history">{children}</ul>
      )}
    </section>
  );
}

function AssignStore({ stores, onAssign }: { stores: HqStore[]; onAssign: (storeId: string) => void }) {
  const t = useHqT();
  const [storeId, setStoreId] = useState('');
  return (
    <span className="assign">
      <label>
        {t('attention.assign')}{' '}
        <select value={storeId} onChange={(e) => setStoreId(e.target.value)}>
          <option value="">—</option>
          {stores.map((s) => (
            <option key={s.id} value={s.id}>
              {s.code} — {s.name}
            </option>
          ))}
        </select>
      </label>{' '}
      <button type="button" disabled={!storeId} onClick={() => onAssign(storeId)}>
        {t('attention.assignButton')}
      </button>
    </span>
  );
}
