import { useEffect, useRef } from 'react';
import { lineTotal } from '../../shared/domain/money';
import { useT } from '../app/i18n';
import type { Cart, CartAction } from './cart';

type Props = {
  cart: Cart;
  dispatch: (action: CartAction) => void;
  money: (minor: number) => string;
  /** The line the quantity and void keys act on: the newest unless the cashier moved with ↑ ↓. */
  selectedKey?: string | null;
};

export function CartLines({ cart, dispatch, money, selectedKey = null }: Props) {
  const t = useT();
  const body = useRef<HTMLTableSectionElement>(null);
  // The line just scanned or chosen is always in view, however long the receipt.
  useEffect(() => {
    if (selectedKey === null) return;
    const rows = [...(body.current?.rows ?? [])];
    const row = rows.find((r) => r.dataset['key'] === selectedKey);
    row?.scrollIntoView?.({ block: 'nearest' });
  }, [selectedKey, cart.lines.length]);
  if (cart.lines.length === 0) return <p className="empty">{t('till.empty')}</p>;
  return (
    <table className="lines" data-testid="cart-lines">
      <thead>
        <tr>
          <th>{t('till.item')}</th>
          <th>{t('till.qty')}</th>
          <th className="num">{t('till.price')}</th>
          <th className="num">{t('till.sum')}</th>
          <th />
        </tr>
      </thead>
      <tbody ref={body}>
        {cart.lines.map((line) => (
          <tr
            key={line.key}
            data-key={line.key}
            data-testid="cart-line"
            aria-selected={line.key === selectedKey}
            className={line.key === selectedKey ? 'selected' : undefined}
          >
            <td>
              {line.product.name}
              <small>{line.product.gtin}</small>
            </td>
            <td className="qty">
              {line.source === undefined ? (
                <>
                  <button
                    type="button"
                    aria-label="−1"
                    onClick={() =>
                      dispatch({
                        type: 'setQuantity',
                        key: line.key,
                        quantityMilli: line.quantityMilli - 1000,
                      })
                    }
                  >
                    −
                  </button>
                  <span>{line.quantityMilli / 1000}</span>
                  <button
                    type="button"
                    aria-label="+1"
                    onClick={() =>
                      dispatch({
                        type: 'setQuantity',
                        key: line.key,
                        quantityMilli: line.quantityMilli + 1000,
                      })
                    }
                  >
                    +
                  </button>
                </>
              ) : (
                // What a label or a marking code says is what is sold; the line is voided to undo it.
                <span className="fixed-qty" data-source={line.source}>
                  {line.source === 'weighed' ? `${(line.quantityMilli / 1000).toFixed(3)} kg` : '1'}
                  {line.source === 'marked' && <small className="badge">{t('till.marked')}</small>}
                </span>
              )}
            </td>
            <td className="num">
              {money(line.product.priceMinor)}
              {line.source === 'weighed' && <span className="per-unit"> {t('till.perKg')}</span>}
            </td>
            <td className="num">{money(lineTotal(line.quantityMilli, line.product.priceMinor))}</td>
            <td>
              <button
                type="button"
                className="void"
                title={t('till.void')}
                aria-label={t('till.void')}
                onClick={() => dispatch({ type: 'voidLine', key: line.key })}
              >
                ×
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
