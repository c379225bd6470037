import { localeOf, useLang, useT } from '../app/i18n';
import type { PickupHandoutRecord, PickupOrderRecord } from '../db/database';
import { deskState, pastHold } from './handout';
import { StateBadge } from './StateBadge';

type Props = {
  title: string;
  orders: readonly PickupOrderRecord[];
  handouts: ReadonlyMap<string, PickupHandoutRecord>;
  selected: string | null;
  money: (minor: number) => string;
  onOpen: (orderId: string) => void;
};

/** Orders to hand out today and the desk's recent hand-outs, each with its state and hold. */
export function PickupOrderList({ title, orders, handouts, selected, money, onOpen }: Props) {
  const t = useT();
  const lang = useLang();
  const when = new Intl.DateTimeFormat(localeOf(lang), { dateStyle: 'short', timeStyle: 'short' });
  return (
    <section className="pickup-list" aria-label={title}>
      <h2>{title}</h2>
      {orders.length === 0 ? (
        <p className="muted" data-testid="pickup-list-empty">
          {t('pickup.listEmpty')}
        </p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t('pickup.order')}</th>
              <th>{t('pickup.customer')}</th>
              <th>{t('pickup.state')}</th>
              <th>{t('pickup.holdUntil')}</th>
              <th className="num">{t('pickup.total')}</th>
            </tr>
          </thead>
          <tbody>
            {orders.map((order) => (
              <tr
                key={order.id}
                className={order.id === selected ? 'selected' : undefined}
                onClick={() => onOpen(order.id)}
                data-testid="pickup-row"
                data-order={order.orderNumber}
              >
                <td>
                  <button type="button" className="link" onClick={() => onOpen(order.id)}>
                    {order.orderNumber}
                  </button>
                </td>
                <td>{order.customer.maskedName}</td>
                <td>
                  <StateBadge state={deskState(order, handouts.get(order.id))} pastHold={pastHold(order)} />
                </td>
                <td>{order.holdUntil ? when.format(new Date(order.holdUntil)) : '—'}</td>
                <td className="num">
                  {money(order.totalMinor)}
                  {order.payment === 'pay_at_pickup' && (
                    <span className="tag due">{t('pickup.payAtPickup')}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
