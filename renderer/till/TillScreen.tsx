import { useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { assertNever } from '../../shared/domain/assertNever';
import type { ProductRow } from '../../shared/sync/protocol';
import { useT } from '../app/i18n';
import { useTill } from '../app/tillContext';
import { holdBasket, loadOpenBasket, recallBasket, saveOpenBasket } from '../db/baskets';
import { findCard, findProductByGtin, findProductByItemCode, searchProducts } from '../db/catalog';
import type { DeviceRecord } from '../db/database';
import { useHeldBaskets } from '../db/hooks';
import { useCashierName } from '../db/shiftHooks';
import { prepareSale, recordSale, type PreparedSale, type RecordedSale } from '../db/sales';
import type { Scan } from '../../shared/barcode';
import { HeldScansNotice } from '../scanner/HeldScansNotice';
import type { StreamScan } from '../scanner/scanStream';
import type { CatalogLookup, ScanNotice } from '../scanner/scanToCart';
import { markedNotice, scanToCart } from '../scanner/scanToCart';
import { useHeldScans } from '../scanner/useHeldScans';
import { useScanServices, useScans } from '../scanner/useScans';
import { cartReducer, emptyCart, touchedLine, type Cart, type CartAction } from './cart';
import { buildReceipt } from '../../shared/receipts/receipt';
import { ReceiptView } from '../receipts/ReceiptView';
import { CartLines } from './CartLines';
import { CustomerPanel } from './CustomerPanel';
import { playErrorSound } from './errorSound';
import { HeldBaskets } from './HeldBaskets';
import { HotkeyBar } from './HotkeyBar';
import { hotkeyAction, type AppAction, type AppHotkey, type TillAction } from './hotkeys';
import { PaymentPanel, type PaymentChoice } from './PaymentPanel';
import { useShiftSession } from '../shift/shiftContext';
import { ScanBox } from './ScanBox';
import { heldBack, INFO_NOTICES, SALE_KINDS } from './scanRouting';
import { useMoney } from './useMoney';

type Props = {
  device: DeviceRecord;
  active?: boolean;
  /** False while a screen that takes scans itself (the pickup desk) is in front. */
  listening?: boolean;
  /** Brings the till to the front, for a scan held while another screen was there. */
  onShow?: () => void;
  /** A key of the bar that belongs to the app (another screen, the shift), pressed as a button. */
  onAppAction?: (action: AppAction) => void;
  /** The app's keys to show in the bar. */
  appKeys?: readonly AppHotkey[];
  /** Kinds of scan the screen in front takes itself (the sales list takes receipt codes). */
  takenElsewhere?: ReadonlySet<Scan['kind']>;
};

/**
 * The sale being built. Every scan (device, keyboard wedge, or a code typed into the scan box)
 * arrives through the one scan stream already classified; it is applied only while the till is
 * the screen in front, one at a time, so two quick scans of one marked unit cannot both pass the
 * duplicate check. A scan that arrives while another screen is in front is held and offered to
 * the cashier, never dropped.
 */
export function TillScreen({
  device,
  active = true,
  listening = true,
  onShow,
  onAppAction,
  appKeys = [],
  takenElsewhere,
}: Props) {
  const t = useT();
  const { db, sync } = useTill();
  const { stream } = useScanServices();
  const money = useMoney(device.store.currency);
  const [cart, setCart] = useState<Cart>(emptyCart);
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const cartRef = useRef(cart);
  const session = useShiftSession();
  const selectedRef = useRef<string | null>(null);
  const pendingRef = useRef<number | null>(null);
  const [pending, setPending] = useState<number | null>(null);
  const root = useRef<HTMLElement>(null);
  const scanInput = useRef<HTMLInputElement>(null);
  const lookupInput = useRef<HTMLInputElement>(null);
  const [notice, setNotice] = useState<ScanNotice | null>(null);
  const [busy, setBusy] = useState(false);
  const [last, setLast] = useState<RecordedSale | { error: string } | null>(null);
  const [recalling, setRecalling] = useState(false);
  const [issuing, setIssuing] = useState(false);
  const held = useHeldBaskets(db);
  const lastCashier = useCashierName(db, last && 'sale' in last ? last.sale.cashierId : undefined);

  const show = (basket: { cart: Cart; selectedKey: string | null }) => {
    cartRef.current = basket.cart;
    selectedRef.current = basket.selectedKey;
    setCart(basket.cart);
    setSelectedKey(basket.selectedKey);
  };
  const warn = (next: ScanNotice) => {
    setNotice(next);
    playErrorSound();
  };
  const setPendingPieces = (pieces: number | null) => {
    pendingRef.current = pieces;
    setPending(pieces);
  };

  // Every change to the sale goes through this one queue, behind the basket kept on disk: a scan
  // that arrives while the stored basket is still being read lands on it, not on an empty one.
  const queue = useRef<Promise<void>>(Promise.resolve());
  useEffect(() => {
    queue.current = queue.current.then(async () => {
      const loaded = await loadOpenBasket(db);
      if (loaded.ok) show(loaded.basket);
      else warn({ key: 'till.restoreFailed', detail: loaded.error });
    });
    // Read once per database; `show` and `warn` only set state.
  }, [db]);
  const run = (work: () => Promise<void> | void) => {
    queue.current = queue.current
      .then(work)
      .catch((error: unknown) =>
        warn({ key: 'till.unknownCode', detail: error instanceof Error ? error.message : String(error) }),
      );
  };

  /** Applies an action and writes the basket at once: the line on screen is the line on disk. */
  const apply = (action: CartAction) => {
    const before = cartRef.current;
    const after = cartReducer(before, action);
    if (after === before) return;
    const touched = touchedLine(before, after);
    const stillThere = after.lines.some((l) => l.key === selectedRef.current);
    const selected = touched ?? (stillThere ? selectedRef.current : (after.lines.at(-1)?.key ?? null));
    show({ cart: after, selectedKey: selected });
    void saveOpenBasket(db, { cart: after, selectedKey: selected }).catch((error: unknown) =>
      warn({ key: 'till.failed', detail: error instanceof Error ? error.message : String(error) }),
    );
  };
  const lookup = useMemo<CatalogLookup>(
    () => ({
      card: (number) => findCard(db, number),
      product: (gtin) => findProductByGtin(db, gtin),
      productByItemCode: (itemCode) => findProductByItemCode(db, itemCode),
    }),
    [db],
  );

  const heldScans = useHeldScans();

  const applyScan = (scan: Scan) =>
    run(async () => {
      const outcome = await scanToCart(scan, cartRef.current, lookup);
      const pieces = pendingRef.current;
      let action = outcome.action;
      let next = outcome.notice ?? null;
      if (pieces !== null && action !== undefined && action.type !== 'setCard') {
        // `3*` is spent on the next item, whatever it is; a card between keeps it waiting.
        setPendingPieces(null);
        if (action.type === 'addProduct') action = { ...action, quantityMilli: pieces * 1000 };
        else if (pieces !== 1) next = { key: 'till.qtyPiecesOnly' };
      }
      if (action) apply(action);
      if (next) warn(next);
      else setNotice(null);
    });

  useScans((entry: StreamScan) => {
    if (!active && takenElsewhere?.has(entry.scan.kind)) return;
    if (heldBack(entry, active)) heldScans.hold(entry);
    else applyScan(entry.scan);
  }, listening);

  const addHeld = (entries: readonly StreamScan[]) => {
    heldScans.release(entries.map((e) => e.id));
    onShow?.();
    for (const entry of entries) applyScan(entry.scan);
  };

  const focusScan = () => {
    scanInput.current?.focus();
  };
  // Back from another screen, the scan box has the focus again, as a cashier expects.
  useEffect(() => {
    if (active) scanInput.current?.focus();
  }, [active]);

  const onProduct = (product: ProductRow) =>
    run(() => {
      // Found by name: a marked product still needs its unit's code scanned.
      const refused = markedNotice(product);
      if (refused) return warn(refused);
      const pieces = pendingRef.current;
      setPendingPieces(null);
      setNotice(null);
      apply({ type: 'addProduct', product, ...(pieces !== null ? { quantityMilli: pieces * 1000 } : {}) });
    });

  const setLinePieces = (pieces: number) =>
    run(() => {
      const line = cartRef.current.lines.find((l) => l.key === selectedRef.current);
      if (line === undefined) return warn({ key: 'till.noLine' });
      if (line.source !== undefined) return warn({ key: 'till.fixedQty' });
      setNotice(null);
      apply({ type: 'setQuantity', key: line.key, quantityMilli: pieces * 1000 });
    });

  const moveSelection = (step: number) => {
    const lines = cartRef.current.lines;
    if (lines.length === 0) return;
    const at = lines.findIndex((l) => l.key === selectedRef.current);
    const next = lines[Math.max(0, Math.min(lines.length - 1, (at < 0 ? lines.length : at) + step))]!;
    selectedRef.current = next.key;
    setSelectedKey(next.key);
    void saveOpenBasket(db, { cart: cartRef.current, selectedKey: next.key });
  };

  /** The lines in the basket when payment began (cash field focused or the pay key). */
  const paidLines = useRef<Set<string> | null>(null);
  /**
   * What the sale will be computed from, read while the cashier takes payment, so confirming waits
   * only for checking it and the writes in one round trip (`recordSale`). Read again each time
   * payment is touched; a failed read just leaves the sale to read everything itself.
   */
  const prepared = useRef<Promise<PreparedSale | undefined> | null>(null);
  const startPayment = () => {
    paidLines.current ??= new Set(cartRef.current.lines.map((l) => l.key));
    prepared.current = prepareSale(db, cartRef.current.card?.number ?? null).catch(() => undefined);
  };

  const confirm = (choice: PaymentChoice) =>
    run(async () => {
      const sold = cartRef.current;
      if (sold.lines.length === 0) return;
      setBusy(true);
      try {
        const ahead = (await prepared.current) ?? undefined;
        prepared.current = null;
        // Empties the stored basket in the sale's own transaction.
        const recorded = await recordSale(
          db,
          {
            cardNumber: sold.card?.number ?? null,
            lines: sold.lines.map((l) => ({
              productId: l.product.id,
              gtin: l.product.gtin,
              name: l.product.name,
              quantityMilli: l.quantityMilli,
              unitPriceMinor: l.product.priceMinor,
              ...(l.product.vatRateBp !== undefined ? { vatRateBp: l.product.vatRateBp } : {}),
              ...(l.marking ? { markingCode: l.marking.code } : {}),
              ...(l.source === 'weighed' ? { unit: 'kg' as const } : {}),
            })),
            pointsToBurn: choice.pointsToBurn,
            cardPayments: choice.cardPayments,
            ...(choice.cashTenderedMinor !== null ? { cashTenderedMinor: choice.cashTenderedMinor } : {}),
            ...(session?.shift ? { cashierId: session.cashier.id, shiftId: session.shift.id } : {}),
          },
          undefined,
          ahead,
        );
        paidLines.current = null;
        setLast(recorded);
        show({ cart: emptyCart, selectedKey: null });
        sync.kick();
      } catch (error) {
        setLast({ error: error instanceof Error ? error.message : String(error) });
        playErrorSound();
      } finally {
        setBusy(false);
        focusScan();
      }
    });

  const hold = () =>
    run(async () => {
      const current = cartRef.current;
      if (current.lines.length === 0 && current.card === null) return warn({ key: 'basket.nothingToHold' });
      await holdBasket(db, current);
      show({ cart: emptyCart, selectedKey: null });
      setNotice({ key: 'basket.held' });
    });

  const recall = (id: number) =>
    run(async () => {
      setRecalling(false);
      const basket = await recallBasket(db, id, cartRef.current);
      if (basket) show(basket);
      focusScan();
    });

  const act = (action: TillAction) => {
    switch (action) {
      case 'search':
        setRecalling(false);
        focusScan();
        scanInput.current?.select();
        return;
      case 'card':
        // A scanned card lands wherever the focus is; the lookup field takes a typed card or phone.
        setRecalling(false);
        setNotice({ key: 'till.scanCard' });
        lookupInput.current?.focus();
        lookupInput.current?.select();
        return;
      case 'quantity':
        // Typed digits or `*` then digits: the scan box knows its text.
        focusScan();
        scanInput.current?.dispatchEvent(
          new KeyboardEvent('keydown', { key: 'F4', bubbles: true, cancelable: true }),
        );
        return;
      case 'void':
        run(async () => {
          const key = selectedRef.current;
          if (key === null || !cartRef.current.lines.some((l) => l.key === key))
            return warn({ key: 'till.noLine' });
          // A line that was in the basket when payment began needs a manager to void it.
          if (paidLines.current?.has(key) && session && !(await session.requireManager('void'))) return;
          setNotice(null);
          apply({ type: 'voidLine', key });
        });
        focusScan();
        return;
      case 'hold':
        hold();
        focusScan();
        return;
      case 'recall':
        setRecalling((open) => !open);
        return;
      case 'pay': {
        startPayment();
        // Points first when the card may spend some, then Tab through card and cash.
        const first =
          root.current?.querySelector<HTMLInputElement>('[data-testid="points-input"]') ??
          root.current?.querySelector<HTMLInputElement>('[data-testid="cash-input"]');
        first?.focus();
        first?.select();
        return;
      }
      case 'issueCard':
        setRecalling(false);
        setIssuing(true);
        return;
      case 'cancel':
        setRecalling(false);
        setIssuing(false);
        setPendingPieces(null);
        focusScan();
        return;
      default:
        assertNever(action);
    }
  };

  // The till's keys work wherever the focus is inside it; keys a field already used are its own.
  const handlers = useRef({ act, moveSelection });
  useEffect(() => {
    handlers.current = { act, moveSelection };
  });
  useEffect(() => {
    if (!active) return undefined;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const action = hotkeyAction(event);
      if (action !== undefined) {
        event.preventDefault();
        handlers.current.act(action);
      } else if (
        (event.key === 'ArrowUp' || event.key === 'ArrowDown') &&
        event.target === scanInput.current
      ) {
        event.preventDefault();
        handlers.current.moveSelection(event.key === 'ArrowDown' ? 1 : -1);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active]);

  // A click on anything but a field (a line's −/+, a key in the bar) leaves the scanner's field ready.
  const keepScanFocus = (event: MouseEvent) => {
    const target = event.target as Element;
    if (!target.closest('input, textarea, select, [role="listbox"]')) focusScan();
  };

  const message = notice && (notice.detail ? `${t(notice.key)}: ${notice.detail}` : t(notice.key));
  return (
    <>
      <HeldScansNotice
        title={t('held.title')}
        held={heldScans.held}
        overflow={heldScans.overflow}
        actionLabel={t('held.add')}
        canAct={(entry) => SALE_KINDS.has(entry.scan.kind)}
        onAct={addHeld}
        onDismiss={heldScans.release}
        cannotAct={t('held.notForSale')}
      />
      <main className="till" ref={root} hidden={!active} onClick={keepScanFocus}>
        <section className="sale">
          <ScanBox
            onCode={(code) => void stream.submit(code, 'typed')}
            onProduct={onProduct}
            search={(text) => searchProducts(db, text)}
            message={message}
            messageIsError={notice !== null && !INFO_NOTICES.has(notice.key)}
            money={money}
            pendingPieces={pending}
            onPendingPieces={setPendingPieces}
            onLinePieces={setLinePieces}
            inputRef={scanInput}
          />
          {recalling && (
            <HeldBaskets
              held={held}
              money={money}
              onRecall={recall}
              onClose={() => {
                setRecalling(false);
                focusScan();
              }}
            />
          )}
          <CartLines
            cart={cart}
            dispatch={(action) => run(() => apply(action))}
            money={money}
            selectedKey={selectedKey}
          />
        </section>
        <aside className="side">
          <CustomerPanel
            db={db}
            cart={cart}
            lookupRef={lookupInput}
            onCard={(card) =>
              run(() => {
                setNotice(null);
                apply({ type: 'setCard', number: card.number, known: card });
                focusScan();
              })
            }
            onCode={(code) => {
              void stream.submit(code, 'typed');
              focusScan();
            }}
            onRemove={() => run(() => apply({ type: 'removeCard' }))}
            onIssued={(card) =>
              run(() => {
                apply({ type: 'setCard', number: card.number, known: card });
                focusScan();
              })
            }
            issuing={issuing}
            onIssuing={(open) => {
              setIssuing(open);
              if (!open) focusScan();
            }}
          />
          <div onFocusCapture={startPayment}>
            <PaymentPanel db={db} cart={cart} money={money} busy={busy} onConfirm={confirm} />
          </div>
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
                {money(
                  last.sale.payments.reduce((sum, p) => sum + (p.method === 'cash' ? p.changeMinor : 0), 0),
                )}
              </div>
            </div>
          )}
          {last && 'sale' in last && (
            <ReceiptView
              receipt={buildReceipt(last.sale, device.store, lastCashier)}
              onPrint={() => window.print()}
            />
          )}
        </aside>
        <HotkeyBar onAction={act} appKeys={appKeys} onAppAction={onAppAction} />
      </main>
    </>
  );
}
