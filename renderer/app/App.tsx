import { useState } from 'react';
import type { DeviceRecord } from '../db/database';
import { useDevice } from '../db/hooks';
import { EnrolScreen } from '../enrol/EnrolScreen';
import { ScanStreamProvider } from '../scanner/ScanStreamProvider';
import { PickupDesk } from '../pickup/PickupDesk';
import { SalesScreen } from '../sales/SalesScreen';
import { ScannerSettings } from '../settings/ScannerSettings';
import { ShiftGate } from '../shift/ShiftGate';
import { ShiftPanel } from '../shift/ShiftPanel';
import { useShiftSession } from '../shift/shiftContext';
import { TillScreen } from '../till/TillScreen';
import { useT } from './i18n';
import { StatusBar } from './StatusBar';
import { useTill } from './tillContext';

type View = 'till' | 'pickup' | 'sales' | 'scanners';

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
  const show = (id: View) => {
    if (id !== 'scanners' || !session) return setView(id);
    // Scanner settings change how every scan is read: a manager approves opening them.
    void session.requireManager('scanners').then((approved) => approved && setView(id));
  };
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
      {device && <ShiftPanel currency={device.store.currency} />}
      {device ? (
        <TillScreen
          device={device}
          active={view === 'till'}
          // The desk in front takes the scans itself: the till neither applies nor holds them.
          listening={view !== 'pickup'}
          onShow={() => setView('till')}
        />
      ) : (
        <EnrolScreen active={view === 'till'} onShow={() => setView('till')} />
      )}
      {view === 'pickup' && device && <PickupDesk device={device} onToTill={() => setView('till')} />}
      {view === 'sales' && device && <SalesScreen device={device} />}
      {view === 'scanners' && <ScannerSettings />}
      <StatusBar />
    </div>
  );
}
