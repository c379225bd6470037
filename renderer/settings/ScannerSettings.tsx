import { useScanState } from '../scanner/useScans';
import { DeviceList } from './DeviceList';
import { RecentScans } from './RecentScans';
import { WedgeSettingsForm } from './WedgeSettingsForm';

/** Settings → Scanners: devices and their state, the last scans, and the wedge detector's thresholds. */
export function ScannerSettings() {
  const state = useScanState();
  return (
    <main className="settings" data-testid="scanner-settings">
      <DeviceList devices={state.devices} link={state.link} />
      <RecentScans scans={state.recent} />
      <WedgeSettingsForm />
    </main>
  );
}
