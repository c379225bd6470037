import { useReducer, useState } from 'react';
import type { ProductRow } from '../../shared/sync/protocol';
import { useT } from '../app/i18n';
import { useTill } from '../app/tillContext';
import { findCard, findProductByGtin } from '../db/catalog';
import type { DeviceRecord } from '../db/database';
import { recordSale, type RecordedSale } from '../db/sales';
import { cartReducer, cartTotal, emptyCart } from './cart';
import { CartLines } from './CartLines';
import { CustomerPanel } from './CustomerPanel';
import { PaymentPanel } from './PaymentPanel';
import { ScanBox } from './ScanBox';
import { useMoney } from './useMoney';

// In-house loyalty cards until the configurable card schemes arrive with the barcode grammar.
const looksLikeCard = (code: string) => /^299\d{10}$/.test(code);

export function TillScreen({ device }: { device: DeviceRecord }) {
  const t = useT();
  const { db, sync } = useTill();
  const money = useMoney(device.store.currency);
  const [cart, dispatch] = useReducer(cartReducer, emptyCart);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [last, setLast] = useState<RecordedSale | { error: string } | null>(null);

  const onCode = async (code: string) => {
    setMessage(null);
    const card = await findCard(db, code);
    if (card) return dispatch({ type: 'setCard', number: code, known: card });
    const product = await findProductByGtin(db, code);
    if (product) return dispatch({ type: 'addProduct', product });
    if (looksLikeCard(code)) return dispatch({ type: 'setCard', number: code, known: null });
    setMessage(`${t('till.unknownCode')}: ${code}`);
  };

  const onProduct = (product: ProductRow) => {
    setMessage(null);
    dispatch({ type: 'addProduct', product });
  };

  const confirm = async (cashTenderedMinor: number) => {
    setBusy(true);
    try {
      const recorded = await recordSale(db, {
        cardNumber: cart.card?.number ?? null,
        lines: cart.lines.map((l) => ({
          productId: l.product.id,
          gtin: l.product.gtin,
          name: l.product.name,
          quantityMilli: l.quantityMilli,
          unitPriceMinor: l.product.priceMinor,
        })),
        cashTenderedMinor,
      });
      setLast(recorded);
      dispatch({ type: 'clear' });
      sync.kick();
    } catch (error) {
      setLast({ error: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="till">
      <section className="sale">
        <ScanBox onCode={(code) => void onCode(code)} onProduct={onProduct} message={message} />
        <CartLines cart={cart} dispatch={dispatch} money={money} />
      </section>
      <aside className="side">
        <CustomerPanel cart={cart} onRemove={() => dispatch({ type: 'removeCard' })} />
        <PaymentPanel totalMinor={cartTotal(cart)} money={money} busy={busy} onConfirm={(cash) => void confirm(cash)} />
        {last && 'error' in last && (
          <p className="alert" role="alert">
            {t('till.failed')}: {last.error}
          </p>
        )}
        {last && 'sale' in last && (
          <div className="receipt-done" role="status" data-testid="last-sale">
            <strong>{t('till.saved')}</strong> · {last.sale.receiptNo}
            <div>
              {t('till.total')} {money(last.sale.totalMinor)} · {t('till.change')} {money(last.sale.payments[0]?.changeMinor ?? 0)}
            </div>
          </div>
        )}
      </aside>
    </main>
  );
}
