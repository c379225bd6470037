import { localeOf, useLang, useT } from '../app/i18n';
import { SCAN_KIND_KEYS, scanReading } from '../scanner/scanLabels';
import type { StreamScan } from '../scanner/scanStream';
import { ScanData } from './ScanData';

/** The last scans from every source, GS shown as ␝ so a marking code's separators can be checked. */
export function RecentScans({ scans }: { scans: readonly StreamScan[] }) {
  const t = useT();
  const locale = localeOf(useLang());
  return (
    <section className="panel" data-testid="recent-scans">
      <h2>{t('scanners.recent')}</h2>
      {scans.length === 0 ? (
        <p className="muted">{t('scanners.noScans')}</p>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th>{t('scanners.col.time')}</th>
              <th>{t('scanners.col.data')}</th>
              <th>{t('scanners.col.read')}</th>
              <th>{t('scanners.col.symbology')}</th>
              <th>{t('scanners.col.source')}</th>
            </tr>
          </thead>
          <tbody>
            {scans.map((entry) => (
              <tr key={entry.id} data-testid="scan-row" className={entry.past ? 'past' : undefined}>
                <td className="nowrap">
                  {new Date(entry.receivedAt).toLocaleTimeString(locale)}
                  {entry.past && <small>{t('scanners.past')}</small>}
                </td>
                <td className="raw" data-testid="scan-raw">
                  <ScanData raw={entry.raw} />
                </td>
                <td>
                  <span className={`kind ${entry.scan.kind}`} data-testid="scan-kind">
                    {t(SCAN_KIND_KEYS[entry.scan.kind])}
                  </span>
                  <small>{scanReading(entry.scan)}</small>
                </td>
                <td>
                  {entry.scan.symbology ? `${entry.scan.symbology.id} ${entry.scan.symbology.name}` : '—'}
                </td>
                <td>
                  {t(`scan.origin.${entry.origin}`)}
                  {entry.deviceKey && <small>{entry.deviceKey}</small>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
