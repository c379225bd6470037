import { useEffect, useRef, useState } from 'react';
import type { DeviceRecord } from '../db/database';
import { assertNever } from '../../shared/domain/assertNever';
import { useDevice } from '../db/hooks';
import { EnrolScreen } from '../enrol/EnrolScreen';
import { ScanStreamProvider } from '../scanner/ScanStreamProvider';
import { PickupDesk } from '../pickup/PickupDesk';
import { SalesScreen } from '../sales/SalesScreen';
import { ScannerSettings } from '../settings/ScannerSettings';
import { ShiftGate } from '../shift/ShiftGate';
import { ShiftPanel, type ShiftMode } from '../shift/ShiftPanel';
import { useShiftSession } from '../shift/shiftContext';
import { appHotkeyAction, APP_HOTKEYS, type AppAction } from '../till/hotkeys';
import { TillScreen } from '../till/TillScreen';
import { useT } from './i18n';
import { StatusBar } from './StatusBar';
import { BootstrapProgress } from './BootstrapProgress';
import { useTill } from './tillContext';

type View = 'till' | 'pickup' | 'sales' | 'scanners';

/** What the sales list takes from the scanner itself: the QR code of a receipt. */
const RECEIPT_SCANS: ReadonlySet<'link'> = new Set(['link']);

const SHIFT_MODES = { cashIn: 'in', cashOut: 'out', xReport: 'x', zReport: 'z' } as const;

export function App() {
  return (
    <ScanStreamProvider>
      <Screens />
    </ScanStreamProvider>
  );
}

function Screens() {
  const { db } = useTill();
  const device = useDevice(db);
  if (device === undefined) return null; // first read of the local database, a few ms
  // An enrolled till is locked until a cashier signs in with a PIN and a shift is open.
  return device ? (
    <ShiftGate>
      <Layout device={device} />
    </ShiftGate>
  ) : (
    <Layout device={null} />
  );
}

function Layout({ device }: { device: DeviceRecord | null }) {
  const t = useT();
  const session = useShiftSession();
  const [view, setView] = useState<View>('till');
  const [shiftMode, setShiftMode] = useState<ShiftMode>(null);
  const show = (id: View) => {
    if (id !== 'scanners' || !session) return setView(id);
    // Scanner settings change how every scan is read: a manager approves opening them.
    void session.requireManager('scanners').then((approved) => approved && setView(id));
  };
  const appAction = (action: AppAction) => {
    switch (action) {
      case 'sales':
        if (device) setView((v) => (v === 'sales' ? 'till' : 'sales'));
        return;
      case 'cashIn':
      case 'cashOut':
      case 'xReport':
      case 'zReport': {
        if (!session?.shift) return;
        const mode = SHIFT_MODES[action];
        setShiftMode((m) => (m === mode ? null : mode));
        return;
      }
      case 'print':
        // The receipt on screen (the last sale's, or one opened in the sales list): the print
        // style sheet prints it alone (receipt.css).
        if (document.querySelector('[data-testid="receipt"]')) window.print();
        return;
      case 'signOut':
        // The shift stays open: the next cashier signs in to it or the same one comes back.
        session?.signOut();
        return;
      default:
        assertNever(action);
    }
  };
  // Shift+keys work on every screen; Esc leaves the sales list for the till.
  const handlers = useRef({ appAction, view });
  useEffect(() => {
    handlers.current = { appAction, view };
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const action = appHotkeyAction(event);
      if (action !== undefined) {
        event.preventDefault();
        handlers.current.appAction(action);
      } else if (event.key === 'Escape' && !document.querySelector('[aria-modal="true"]')) {
        // A dialog open (a manager's PIN) keeps the screen behind it as it is.
        setShiftMode(null);
        if (handlers.current.view === 'sales') setView('till');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  // The bar shows the shift's keys only where a shift is kept.
  const appKeys = APP_HOTKEYS.filter(
    (h) =>
      h.action === 'sales' || h.action === 'print' || session?.shift || (h.action === 'signOut' && session),
  );

  const tab = (id: View, label: string) => (
    <button
      type="button"
      role="tab"
      aria-selected={view === id}
      className={view === id ? 'tab active' : 'tab'}
      onClick={() => show(id)}
      data-testid={`tab-${id}`}
    >
      {label}
    </button>
  );
  return (
    <div className="app">
      <header className="top">
        <strong>OmniTill</strong>
        {device && (
          <span>
            {device.store.name} · {device.name}
          </span>
        )}
        <nav className="tabs" role="tablist">
          {tab('till', t('app.till'))}
          {device && tab('pickup', t('app.pickup'))}
          {device && tab('sales', t('app.sales'))}
          {tab('scanners', t('app.scanners'))}
        </nav>
      </header>
      {/* The till (or the enrolment form) stays mounted behind the settings: a sale in progress
          survives a look at them, and a scan made meanwhile is held there and offered, not lost. */}
      {device && <ShiftPanel currency={device.store.currency} mode={shiftMode} onMode={setShiftMode} />}
      {device ? (
        <TillScreen
          device={device}
          active={view === 'till'}
          onShow={() => setView('till')}
          appKeys={appKeys}
          onAppAction={appAction}
          takenElsewhere={view === 'sales' ? RECEIPT_SCANS : undefined}
          // The desk in front takes the scans itself: the till neither applies nor holds them.
          listening={view !== 'pickup'}
        />
      ) : (
        <EnrolScreen active={view === 'till'} onShow={() => setView('till')} />
      )}
      {view === 'pickup' && device && <PickupDesk device={device} onToTill={() => setView('till')} />}
      {view === 'sales' && device && (
        <SalesScreen
          device={device}
          approveReturn={session ? () => session.approvingManager('return') : undefined}
        />
      )}
      {view === 'scanners' && <ScannerSettings />}
      <BootstrapProgress />
      <StatusBar />
    </div>
  );
}
