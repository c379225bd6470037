import { useDevice } from '../db/hooks';
import { EnrolScreen } from '../enrol/EnrolScreen';
import { TillScreen } from '../till/TillScreen';
import { StatusBar } from './StatusBar';
import { useTill } from './tillContext';

export function App() {
  const { db } = useTill();
  const device = useDevice(db);
  if (device === undefined) return null; // first read of the local database, a few ms
  return (
    <div className="app">
      <header className="top">
        <strong>OmniTill</strong>
        {device && (
          <span>
            {device.store.name} · {device.name}
          </span>
        )}
      </header>
      {device ? <TillScreen device={device} /> : <EnrolScreen />}
      <StatusBar />
    </div>
  );
}
