import { useEffect, useRef, useState, type FormEvent, type MouseEvent } from 'react';
import type { Scan } from '../../shared/barcode';
import { assertNever } from '../../shared/domain/assertNever';
import { useT } from '../app/i18n';
import { useTill } from '../app/tillContext';
import type { DeviceRecord } from '../db/database';
import { useDeskOrders } from '../db/pickupHooks';
import { findByCard, findByQr, findPickupOrders, type PickupSearch } from '../db/pickups';
import { HeldScansNotice } from '../scanner/HeldScansNotice';
import type { StreamScan } from '../scanner/scanStream';
import { useHeldScans } from '../scanner/useHeldScans';
import { useScans } from '../scanner/useScans';
import { playErrorSound } from '../till/errorSound';
import { keyCap } from '../till/hotkeys';
import { useMoney } from '../till/useMoney';
import { DESK_HOTKEYS, deskHotkeyAction, type DeskAction } from './deskHotkeys';
import { PickupOrderList } from './PickupOrderList';
import { PickupOrderPanel, type PanelActions } from './PickupOrderPanel';
import type { DeskNotice } from './deskNotice';
import './pickup.css';

type Props = {
  device: DeviceRecord;
  /** The order's lines were put aside at the till for payment: show the till. */
  onToTill: () => void;
};

/**
 * The pickup desk: find a web-shop order by its QR, the customer's loyalty card, phone number or
 * order number, check the pickup code or the customer's ID, and hand out all, part or none of each
 * line. Everything works from the orders already pulled, offline too; the hand-out is queued like
 * a sale and the server's answer is shown when it comes. Keyboard and scanner first, as the till:
 * the search field has the focus whenever nothing else needs it.
 */
export function PickupDesk({ device, onToTill }: Props) {
  const t = useT();
  const { db } = useTill();
  const money = useMoney(device.store.currency);
  const { orders, handouts } = useDeskOrders(db);
  const [text, setText] = useState('');
  const [notice, setNotice] = useState<DeskNotice | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [results, setResults] = useState<string[] | null>(null);
  const [card, setCard] = useState<string | null>(null);
  const search = useRef<HTMLInputElement>(null);
  const panel = useRef<PanelActions | null>(null);
  const heldScans = useHeldScans();

  const focusSearch = () => search.current?.focus();
  useEffect(() => focusSearch(), []);

  const say = (next: DeskNotice | null) => {
    setNotice(next);
    if (next?.error) playErrorSound();
  };
  const open = (orderId: string, scannedCard: string | null) => {
    setSelected(orderId);
    setCard(scannedCard);
    setResults(null);
    focusSearch();
  };

  const show = (found: PickupSearch) => {
    switch (found.kind) {
      case 'found': {
        const [first] = found.orders;
        say({ key: `pickup.found.${found.by}` });
        if (found.orders.length === 1 && first) return open(first.id, found.card);
        setSelected(null);
        setCard(found.card);
        setResults(found.orders.map((o) => o.id));
        return;
      }
      case 'badQr':
        return say({ key: 'pickup.err.badQr', error: true });
      case 'qrMismatch':
        return say({ key: 'pickup.err.qrMismatch', detail: found.order.orderNumber, error: true });
      case 'none':
        return say({ key: found.by ? `pickup.none.${found.by}` : 'pickup.none.orderNumber', error: true });
    }
  };

  const onScan = async (scan: Scan) => {
    switch (scan.kind) {
      case 'order':
        return show(await findByQr(db, scan.orderNumber, scan.pickupToken ?? null));
      case 'card': {
        // With an order open, the card is the customer's at the hand-out: the server links them.
        if (selected !== null && panel.current?.takesCard()) {
          setCard(scan.number);
          return say({ key: 'pickup.cardSet', detail: scan.number });
        }
        const found = await findByCard(db, scan.number);
        if (found.length === 0) return say({ key: 'pickup.none.card', detail: scan.number, error: true });
        return show({ kind: 'found', by: 'card', orders: found, card: scan.number });
      }
      case 'unknown':
        // An order QR the grammar refuses may still be one this server issued (see findPickupOrders).
        if (scan.reason === 'unrecognized' || scan.reason === 'bad_order_qr')
          return show(await findPickupOrders(db, scan.raw));
        return say({ key: 'pickup.err.notOrder', detail: scan.raw, error: true });
      case 'product':
      case 'weighted':
      case 'marking':
      case 'link':
        return say({ key: 'pickup.err.notOrder', detail: scan.raw, error: true });
    }
  };

  // A device scanner reaches every open window; a window in the background keeps its scans for
  // the clerk instead of acting on them (as the till does).
  useScans((entry: StreamScan) => {
    const hidden =
      entry.origin !== 'wedge' &&
      entry.origin !== 'typed' &&
      globalThis.document?.visibilityState === 'hidden';
    if (hidden) heldScans.hold(entry);
    else void onScan(entry.scan);
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = text.trim();
    setText('');
    if (value === '') return;
    void findPickupOrders(db, value).then(show);
  };

  const act = (action: DeskAction) => {
    switch (action) {
      case 'find':
        focusSearch();
        search.current?.select();
        return;
      case 'close':
        if (results !== null) setResults(null);
        else setSelected(null);
        say(null);
        focusSearch();
        return;
      case 'code':
      case 'idCheck':
      case 'allLines':
      case 'toTill':
      case 'confirm':
        panel.current?.act(action);
        return;
      default:
        assertNever(action);
    }
  };
  const latest = useRef(act);
  useEffect(() => {
    latest.current = act;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const action = deskHotkeyAction(event);
      if (action === undefined) return;
      event.preventDefault();
      latest.current(action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // A click on anything but a field leaves the scanner's field ready.
  const keepFocus = (event: MouseEvent) => {
    if (!(event.target as Element).closest('input, textarea, select')) focusSearch();
  };

  const listed = results === null ? orders : orders.filter((o) => results.includes(o.id));
  const message = notice && (notice.detail ? `${t(notice.key)}: ${notice.detail}` : t(notice.key));
  return (
    <>
      <HeldScansNotice
        title={t('pickup.heldTitle')}
        held={heldScans.held}
        overflow={heldScans.overflow}
        actionLabel={t('pickup.heldUse')}
        canAct={(entry) => entry.scan.kind === 'order' || entry.scan.kind === 'card'}
        onAct={(entries) => {
          heldScans.release(entries.map((e) => e.id));
          const last = entries.at(-1);
          if (last) void onScan(last.scan);
        }}
        onDismiss={heldScans.release}
        cannotAct={t('pickup.err.notOrder')}
      />
      <main className="pickup-desk" data-testid="pickup-desk" onClick={keepFocus}>
        <section className="pickup-find">
          <form className="scan-box" onSubmit={submit}>
            <input
              ref={search}
              value={text}
              onChange={(e) => setText(e.target.value)}
              aria-label={t('pickup.search')}
              placeholder={t('pickup.search')}
              data-testid="pickup-search"
            />
            <button type="submit">{t('pickup.find')}</button>
            {message && (
              <p
                className={notice?.error ? 'scan-message error' : 'scan-message ok'}
                role={notice?.error ? 'alert' : 'status'}
                data-testid="pickup-message"
              >
                {message}
              </p>
            )}
          </form>
          <PickupOrderList
            title={results === null ? t('pickup.listTitle') : t('pickup.resultsTitle')}
            orders={listed}
            handouts={handouts}
            selected={selected}
            money={money}
            onOpen={(id) => open(id, card)}
          />
        </section>
        <aside className="pickup-order-side">
          {selected === null ? (
            <p className="muted pickup-hint">{t('pickup.hint')}</p>
          ) : (
            <PickupOrderPanel
              key={selected}
              orderId={selected}
              device={device}
              card={card}
              onCard={setCard}
              money={money}
              actionsRef={panel}
              say={say}
              focusSearch={focusSearch}
              onToTill={onToTill}
            />
          )}
        </aside>
        <nav className="hotkeys" aria-label={t('till.keys')} data-testid="pickup-hotkeys">
          {DESK_HOTKEYS.map((h) => (
            <button key={h.key} type="button" onClick={() => act(h.action)} data-action={h.action}>
              <kbd>{keyCap(h.key)}</kbd> {t(h.label)}
            </button>
          ))}
        </nav>
      </main>
    </>
  );
}
