import type { CustomerSummaryRow } from '../../shared/sync/protocol';
import { formatMoney } from '../../shared/domain/money';
import { localeOf, useLang, useT } from '../app/i18n';

type Online = NonNullable<CustomerSummaryRow['online']>;

/**
 * The web shop side of the customer on the card-scan panel: what they have in an open online cart and
 * their latest online orders, as the server last sent them; shown offline from the cache.
 */
export function OnlinePanel({ online }: { online: Online }) {
  const t = useT();
  const lang = useLang();
  const money = (minor: number, currency: string) => formatMoney(minor, currency, localeOf(lang));
  return (
    <div className="online" data-testid="customer-online">
      <h3>{t('online.title')}</h3>
      {online.openCart && (
        <p data-testid="customer-online-cart">
          {t('online.cart')
            .replace('{items}', String(online.openCart.itemCount))
            .replace('{total}', money(online.openCart.totalMinor, online.openCart.currency))}
        </p>
      )}
      {online.recentOrders.length > 0 && (
        <ul data-testid="customer-online-orders">
          {online.recentOrders.map((o) => (
            <li key={o.orderNumber}>
              {o.orderNumber} · {money(o.totalMinor, o.currency)}
              {o.status && <span className="muted"> · {o.status}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
