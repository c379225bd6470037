import type { ScannerDeviceStatus } from '../../shared/ipc/scanner';
import type { MessageKey } from '../app/i18n';
import { localeOf, useLang, useT } from '../app/i18n';
import type { LinkState } from '../scanner/scanStream';

type Props = { devices: readonly ScannerDeviceStatus[]; link: LinkState };

const STATE_KEYS: Record<ScannerDeviceStatus['state'], MessageKey> = {
  connecting: 'scanners.state.connecting',
  open: 'scanners.state.open',
  lost: 'scanners.state.lost',
  closed: 'scanners.state.closed',
};

/** Every configured scanner and its state, live from the device manager (docs/scanners.md §3.3). */
export function DeviceList({ devices, link }: Props) {
  const t = useT();
  const locale = localeOf(useLang());
  const time = (iso: string) => new Date(iso).toLocaleTimeString(locale);
  return (
    <section className="panel" data-testid="scanner-devices">
      <h2>{t('scanners.devices')}</h2>
      <p className={`link-state ${link.state}`} data-testid="scanner-link">
        {t(`scanners.link.${link.via}`)}
        {link.via !== 'none' && ` · ${t(`scanners.linkState.${link.state}`)}`}
        {link.detail && link.state !== 'open' && <span className="muted"> ({link.detail})</span>}
      </p>
      <table className="grid">
        <thead>
          <tr>
            <th>{t('scanners.col.device')}</th>
            <th>{t('scanners.col.kind')}</th>
            <th>{t('scanners.col.state')}</th>
            <th>{t('scanners.col.since')}</th>
          </tr>
        </thead>
        <tbody>
          <tr data-testid="device-wedge">
            <td>{t('scanners.wedgeDevice')}</td>
            <td>{t('scan.origin.wedge')}</td>
            <td>
              <span className="badge open">{t('scanners.listening')}</span>
            </td>
            <td />
          </tr>
          {devices.map((device) => (
            <tr key={device.deviceKey} data-testid="device-row">
              <td>
                {device.label ?? device.deviceKey}
                <small>{[device.label && device.deviceKey, device.path].filter(Boolean).join(' · ')}</small>
              </td>
              <td>{t(`scan.origin.${device.kind}`)}</td>
              <td>
                <span className={`badge ${device.state}`} data-testid="device-state">
                  {t(STATE_KEYS[device.state])}
                </span>
                <small>
                  {device.reason}
                  {device.detail && `: ${device.detail}`}
                  {device.attempt > 0 && ` · ${t('scanners.attempt')} ${device.attempt}`}
                </small>
              </td>
              <td>{time(device.since)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {devices.length === 0 && <p className="muted">{t('scanners.noDevices')}</p>}
    </section>
  );
}
