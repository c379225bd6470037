import { useState } from 'react';
import { useDevice } from '../db/hooks';
import { EnrolScreen } from '../enrol/EnrolScreen';
import { ScanStreamProvider } from '../scanner/ScanStreamProvider';
import { SalesScreen } from '../sales/SalesScreen';
import { ScannerSettings } from '../settings/ScannerSettings';
import { TillScreen } from '../till/TillScreen';
import { useT } from './i18n';
import { StatusBar } from './StatusBar';
import { useTill } from './tillContext';

type View = 'till' | 'sales' | 'scanners';

export function App() {
  return (
    <ScanStreamProvider>
      <Screens />
    </ScanStreamProvider>
  );
}

function Screens() {
  const t = useT();
  const { db } = useTill();
  const device = useDevice(db);
  const [view, setView] = useState<View>('till');
  if (device === undefined) return null; // first read of the local database, a few ms
  const tab = (id: View, label: string) => (
    <button
      type="button"
      role="tab"
      aria-selected={view === id}
      className={view === id ? 'tab active' : 'tab'}
      onClick={() => setView(id)}
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
          {device && tab('sales', t('app.sales'))}
          {tab('scanners', t('app.scanners'))}
        </nav>
      </header>
      {/* The till (or the enrolment form) stays mounted behind the settings: a sale in progress
          survives a look at them, and a scan made meanwhile is held there and offered, not lost. */}
      {device ? (
        <TillScreen device={device} active={view === 'till'} onShow={() => setView('till')} />
      ) : (
        <EnrolScreen active={view === 'till'} onShow={() => setView('till')} />
      )}
      {view === 'sales' && device && <SalesScreen device={device} />}
      {view === 'scanners' && <ScannerSettings />}
      <StatusBar />
    </div>
  );
}
