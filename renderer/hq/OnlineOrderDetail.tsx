import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { dateTime, money } from './format';
import { errorText, hq, type HqOutputs } from './hqClient';
import { useHqT, type HqTranslate } from './hqI18n';
import { ReasonInput } from './ReasonInput';

type Detail = HqOutputs['webshop']['order'];
type Status = Detail['parts'][number]['status'];

export const statusWord = (t: HqTranslate, status: Status) => t(`shop.status.${status}`);

const EXTEND_DAYS = [1, 2, 3, 5, 7, 14] as const;

/** "Extend hold…", then how many days and why: the customer asked the store to keep it longer. */
function ExtendHold({ t, onExtend }: { t: HqTranslate; onExtend: (days: number, reason: string) => void }) {
  const [open, setOpen] = useState(false);
  const [days, setDays] = useState(3);
  const [reason, setReason] = useState('');
  if (!open)
    return (
      <button type="button" className="link" onClick={() => setOpen(true)} data-testid="extend-hold">
        {t('shop.extendHold')}
      </button>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setOpen(false);
    onExtend(days, reason);
  };
  return (
    <form className="inline-form" onSubmit={submit} data-testid="extend-form">
      <label>
        {t('shop.extendBy')}
        <select value={days} onChange={(e) => setDays(Number(e.target.value))} data-testid="extend-days">
          {EXTEND_DAYS.map((n) => (
            <option key={n} value={n}>
              {t('shop.days', { n })}
            </option>
          ))}
        </select>
      </label>
      <ReasonInput
        label={t('shop.extendReason')}
        value={reason}
        onChange={setReason}
        testId="extend-reason"
      />
      <button type="submit" data-testid="extend-confirm">
        {t('shop.extendConfirm')}
      </button>
    </form>
  );
}

/**
 * One online order: each store's part with its lines, the state history, what the desks did and
 * whether the shop was told. Marking ready is offered to those who manage the part's store.
 */
export function OnlineOrderDetail({
  orderId,
  canManage,
  isAdmin,
  onBack,
}: {
  orderId: string;
  canManage: boolean;
  isAdmin: boolean;
  onBack: () => void;
}) {
  const t = useHqT();
  const [order, setOrder] = useState<Detail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    hq.hq.webshop.order.query({ orderId }).then(setOrder, (e: unknown) => setError(errorText(e)));
  }, [orderId]);
  useEffect(load, [load]);
  const run = (work: () => Promise<unknown>) => {
    setError(null);
    work().then(load, (e: unknown) => setError(errorText(e)));
  };
  const storeName = (id: string) => order?.parts.find((p) => p.storeId === id)?.storeName ?? '';

  return (
    <section className="order-detail" data-testid="order-detail">
      <button type="button" className="link" onClick={onBack}>
        ← {t('shop.back')}
      </button>
      {error && <p className="alert">{error}</p>}
      {order && (
        <>
          <h2>
            {t('shop.order')} {order.orderNumber}{' '}
            <span className="muted">
              {order.connectionId} · {order.paid ? t('shop.paid') : t('shop.payAtPickup')}
              {order.cancelled && ` · ${t('shop.cancelledByShop')}`}
            </span>
          </h2>
          <p>
            {t('shop.customer')}: <b>{order.customer.maskedName || '—'}</b>{' '}
            {[order.customer.maskedPhone, order.customer.maskedEmail].filter(Boolean).join(' · ')} ·{' '}
            {t('shop.placed')} {dateTime(order.placedAt)}
            {order.totalMinor !== null && ` · ${money(order.totalMinor, order.currency)}`}
          </p>
          {order.reviewReason && <p className="alert">{order.reviewReason}</p>}
          {order.parts.map((part) => (
            <article key={part.storeId} className="purchase" data-testid="order-part">
              <header>
                <strong>{part.storeName}</strong>
                <span className={`badge state-${part.status}`} data-testid="part-status">
                  {statusWord(t, part.status)}
                </span>
                {part.holdUntil && (
                  <span className="when">
                    {t('shop.holdUntil')} {dateTime(part.holdUntil)}
                  </span>
                )}
                {part.shelvedAt && (
                  <span className="when">{t('shop.shelved', { at: dateTime(part.shelvedAt) })}</span>
                )}
                {canManage && part.status === 'awaiting' && (
                  <button
                    type="button"
                    data-testid="mark-ready"
                    onClick={() =>
                      run(() =>
                        hq.hq.webshop.markReady.mutate({ orderId: order.orderId, storeId: part.storeId }),
                      )
                    }
                  >
                    {t('shop.markReady')}
                  </button>
                )}
                {canManage && part.status === 'ready' && (
                  <ExtendHold
                    t={t}
                    onExtend={(days, reason) =>
                      run(() =>
                        hq.hq.webshop.extendHold.mutate({
                          orderId: order.orderId,
                          storeId: part.storeId,
                          days,
                          reason,
                        }),
                      )
                    }
                  />
                )}
              </header>
              <table>
                <thead>
                  <tr>
                    <th>{t('shop.item')}</th>
                    <th>{t('shop.quantity')}</th>
                    <th>{t('shop.collected')}</th>
                    <th>{t('shop.total')}</th>
                  </tr>
                </thead>
                <tbody>
                  {part.lines.map((line) => (
                    <tr key={line.lineId}>
                      <td>{line.name}</td>
                      <td>{line.quantity}</td>
                      <td>{line.collectedQuantity}</td>
                      <td>{money(line.totalMinor, order.currency)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {part.note && <p className="muted">{part.note}</p>}
            </article>
          ))}
          <h3>{t('shop.history')}</h3>
          <ol className="history" data-testid="order-history">
            {order.history.map((h, i) => (
              <li key={i}>
                {dateTime(h.at)} · {storeName(h.storeId)} ·{' '}
                {h.fromStatus ? `${statusWord(t, h.fromStatus)} → ` : `${t('shop.created')}: `}
                <b>{statusWord(t, h.toStatus)}</b>
              </li>
            ))}
          </ol>
          <h3>{t('shop.pickups')}</h3>
          {order.handouts.length === 0 && <p className="muted">{t('shop.noPickups')}</p>}
          <ul className="history" data-testid="order-pickups">
            {order.handouts.map((h) => (
              <li key={h.pickupId} className={h.outcome === 'rejected' ? 'refused' : ''}>
                {dateTime(h.receivedAt)} · {storeName(h.storeId)} ·{' '}
                {h.outcome === 'applied'
                  ? t('shop.pickupApplied', {
                      handed: h.handedQuantity,
                      refused: h.refusedQuantity,
                      desk: h.deviceName,
                      cashier: h.cashierName ? `, ${h.cashierName}` : '',
                      how: h.verification,
                    })
                  : t('shop.pickupRejected', { reason: h.reason ?? '', desk: h.deviceName })}
              </li>
            ))}
          </ul>
          <h3>{t('shop.outbound')}</h3>
          {order.outbound.length === 0 && <p className="muted">{t('shop.noOutbound')}</p>}
          <ul className="history" data-testid="order-outbound">
            {order.outbound.map((e) => (
              <li key={e.id} data-testid="outbound-event" data-status={e.status}>
                <code>{e.type}</code> ·{' '}
                {e.status === 'delivered'
                  ? t('shop.delivered', { at: dateTime(e.deliveredAt) })
                  : t('shop.pending', { n: e.attempts, at: dateTime(e.nextAttemptAt) })}
                {e.lastError && <span className="muted"> · {e.lastError}</span>}
                {isAdmin && e.status === 'pending' && (
                  <>
                    {' '}
                    <button
                      type="button"
                      className="link"
                      onClick={() => run(() => hq.hq.webshop.retryOutbound.mutate({ eventId: e.id }))}
                    >
                      {t('shop.retryNow')}
                    </button>
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
