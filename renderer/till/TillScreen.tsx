import { useEffect, useMemo, useRef, useState } from 'react';
import type { ProductRow } from '../../shared/sync/protocol';
import { useT } from '../app/i18n';
import { useTill } from '../app/tillContext';
import { findCard, findProductByGtin, searchProducts } from '../db/catalog';
import type { DeviceRecord } from '../db/database';
import { recordSale, type RecordedSale } from '../db/sales';
import type { Scan } from '../../shared/barcode';
import { HeldScansNotice } from '../scanner/HeldScansNotice';
import type { StreamScan } from '../scanner/scanStream';
import type { CatalogLookup, ScanNotice } from '../scanner/scanToCart';
import { scanToCart } from '../scanner/scanToCart';
import { useHeldScans } from '../scanner/useHeldScans';
import { useScanServices, useScans } from '../scanner/useScans';
import { cartReducer, cartTotal, emptyCart, type Cart, type CartAction } from './cart';
import { CartLines } from './CartLines';
import { CustomerPanel } from './CustomerPanel';
import { PaymentPanel } from './PaymentPanel';
import { ScanBox } from './ScanBox';
import { useMoney } from './useMoney';

/** Scans that can go on a sale; the others are only ever explained. */
const SALE_KINDS: ReadonlySet<Scan['kind']> = new Set(['card', 'product', 'weighted', 'marking']);

/**
 * A scan the till should keep for the cashier instead of applying it now: the till is behind
 * another screen, or this window is in the background (a device scanner reaches every open
 * window; the one the cashier is looking at takes it). Wedge and typed scans come from keys typed
 * into this very window, so they are the cashier's, whatever the visibility says.
 */
function heldBack(entry: StreamScan, active: boolean): boolean {
  if (!active) return true;
  if (entry.origin === 'wedge' || entry.origin === 'typed') return false;
  return globalThis.document?.visibilityState === 'hidden';
}

type Props = {
  device: DeviceRecord;
  active?: boolean;
  /** Brings the till to the front, for a scan held while another screen was there. */
  onShow?: () => void;
};

/**
 * The sale being built. Every scan (device, keyboard wedge, or a code typed into the scan box)
 * arrives through the one scan stream already classified; it is applied only while the till is
 * the screen in front, one at a time, so two quick scans of one marked unit cannot both pass the
 * duplicate check. A scan that arrives while another screen is in front is held and offered to
 * the cashier, never dropped.
 */
export function TillScreen({ device, active = true, onShow }: Props) {
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

  const held = useHeldScans();

  const applyScan = (scan: Scan) => {
    queue.current = queue.current
      .then(async () => {
        const outcome = await scanToCart(scan, cartRef.current, lookup);
        if (outcome.action) apply(outcome.action);
        setNotice(outcome.notice ?? null);
      })
      .catch((error: unknown) =>
        setNotice({
          key: 'till.unknownCode',
          detail: error instanceof Error ? error.message : String(error),
        }),
      );
  };

  useScans((entry: StreamScan) => {
    if (heldBack(entry, active)) held.hold(entry);
    else applyScan(entry.scan);
  });

  const addHeld = (entries: readonly StreamScan[]) => {
    held.release(entries.map((e) => e.id));
    onShow?.();
    for (const entry of entries) applyScan(entry.scan);
  };

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
    <>
      <HeldScansNotice
        title={t('held.title')}
        held={held.held}
        overflow={held.overflow}
        actionLabel={t('held.add')}
        canAct={(entry) => SALE_KINDS.has(entry.scan.kind)}
        onAct={addHeld}
        onDismiss={held.release}
        cannotAct={t('held.notForSale')}
      />
      <main className="till" ref={root} hidden={!active}>
        <section className="sale">
          <ScanBox
            onCode={(code) => void stream.submit(code, 'typed')}
            onProduct={onProduct}
            search={(text) => searchProducts(db, text)}
            message={message}
          />
          <CartLines cart={cart} dispatch={apply} money={money} />
        </section>
        <aside className="side">
          <CustomerPanel
            cart={cart}
            onRemove={() => apply({ type: 'removeCard' })}
            onIssued={(card) => apply({ type: 'setCard', number: card.number, known: card })}
          />
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
    </>
  );
}
