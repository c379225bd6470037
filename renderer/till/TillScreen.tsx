import { useEffect, useMemo, useRef, useState } from 'react';
import type { ProductRow } from '../../shared/sync/protocol';
import { useT } from '../app/i18n';
import { useTill } from '../app/tillContext';
import { findCard, findProductByGtin } from '../db/catalog';
import type { DeviceRecord } from '../db/database';
import { recordSale, type RecordedSale } from '../db/sales';
import type { StreamScan } from '../scanner/scanStream';
import type { CatalogLookup, ScanNotice } from '../scanner/scanToCart';
import { scanToCart } from '../scanner/scanToCart';
import { useScanServices, useScans } from '../scanner/useScans';
import { cartReducer, cartTotal, emptyCart, type Cart, type CartAction } from './cart';
import { CartLines } from './CartLines';
import { CustomerPanel } from './CustomerPanel';
import { PaymentPanel } from './PaymentPanel';
import { ScanBox } from './ScanBox';
import { useMoney } from './useMoney';

/**
 * The sale being built. Every scan (device, keyboard wedge, or a code typed into the scan box)
 * arrives through the one scan stream already classified; it is applied only while the till is
 * the screen in front, one at a time, so two quick scans of one marked unit cannot both pass the
 * duplicate check.
 */
export function TillScreen({ device, active = true }: { device: DeviceRecord; active?: boolean }) {
  const t = useT();
  const { db, sync } = useTill();
  const { stream } = useScanServices();
  const money = useMoney(device.store.currency);
  const [cart, setCart] = useState<Cart>(emptyCart);
  const cartRef = useRef(cart);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const root = useRef<HTMLElement>(null);
  const [notice, setNotice] = useState<ScanNotice | null>(null);
  const [busy, setBusy] = useState(false);
  const [last, setLast] = useState<RecordedSale | { error: string } | null>(null);

  const apply = (action: CartAction) => {
    cartRef.current = cartReducer(cartRef.current, action);
    setCart(cartRef.current);
  };
  const lookup = useMemo<CatalogLookup>(
    () => ({ card: (number) => findCard(db, number), product: (gtin) => findProductByGtin(db, gtin) }),
    [db],
  );

  useScans((entry: StreamScan) => {
    queue.current = queue.current
      .then(async () => {
        const outcome = await scanToCart(entry.scan, cartRef.current, lookup);
        if (outcome.action) apply(outcome.action);
        setNotice(outcome.notice ?? null);
      })
      .catch((error: unknown) =>
        setNotice({
          key: 'till.unknownCode',
          detail: error instanceof Error ? error.message : String(error),
        }),
      );
  }, active);

  // Back from another screen, the scan box has the focus again, as a cashier expects.
  useEffect(() => {
    if (active) root.current?.querySelector<HTMLInputElement>('[data-testid="scan-input"]')?.focus();
  }, [active]);

  const onProduct = (product: ProductRow) => {
    setNotice(null);
    apply({ type: 'addProduct', product });
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
          ...(l.marking ? { markingCode: l.marking.code } : {}),
        })),
        cashTenderedMinor,
      });
      setLast(recorded);
      apply({ type: 'clear' });
      sync.kick();
    } catch (error) {
      setLast({ error: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  };

  const message = notice && (notice.detail ? `${t(notice.key)}: ${notice.detail}` : t(notice.key));
  return (
    <main className="till" ref={root} hidden={!active}>
      <section className="sale">
        <ScanBox
          onCode={(code) => void stream.submit(code, 'typed')}
          onProduct={onProduct}
          message={message}
        />
        <CartLines cart={cart} dispatch={apply} money={money} />
      </section>
      <aside className="side">
        <CustomerPanel cart={cart} onRemove={() => apply({ type: 'removeCard' })} />
        <PaymentPanel
          totalMinor={cartTotal(cart)}
          money={money}
          busy={busy}
          onConfirm={(cash) => void confirm(cash)}
        />
        {last && 'error' in last && (
          <p className="alert" role="alert">
            {t('till.failed')}: {last.error}
          </p>
        )}
        {last && 'sale' in last && (
          <div className="receipt-done" role="status" data-testid="last-sale">
            <strong>{t('till.saved')}</strong> · {last.sale.receiptNo}
            <div>
              {t('till.total')} {money(last.sale.totalMinor)} · {t('till.change')}{' '}
              {money(last.sale.payments[0]?.changeMinor ?? 0)}
            </div>
          </div>
        )}
      </aside>
    </main>
  );
}
