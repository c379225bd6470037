import { useT } from '../app/i18n';
import type { Cart } from './cart';

export function CustomerPanel({ cart, onRemove }: { cart: Cart; onRemove: () => void }) {
  const t = useT();
  return (
    <section className="customer" data-testid="customer">
      <h2>{t('till.customer')}</h2>
      {!cart.card && <p className="muted">{t('till.noCard')}</p>}
      {cart.card && (
        <>
          <p className="customer-name">{cart.card.known ? cart.card.known.maskedName : '—'}</p>
          <p className="card-number">{cart.card.number}</p>
          {!cart.card.known && <p className="muted">{t('till.unknownCard')}</p>}
          <button type="button" className="link" onClick={onRemove}>
            {t('till.removeCard')}
          </button>
        </>
      )}
    </section>
  );
}
