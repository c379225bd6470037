import { assertNever } from '../../shared/domain/assertNever';
import type { MessageKey } from '../app/i18n';
import { localeOf, useLang, useT } from '../app/i18n';
import type { StreamScan } from '../scanner/scanStream';
import { ScanData } from './ScanData';

const KIND_KEYS: Record<StreamScan['scan']['kind'], MessageKey> = {
  card: 'scan.kind.card',
  product: 'scan.kind.product',
  weighted: 'scan.kind.weighted',
  marking: 'scan.kind.marking',
  order: 'scan.kind.order',
  link: 'scan.kind.link',
  unknown: 'scan.kind.unknown',
};

/** What the grammar made of a scan, in a few words: the key the till acts on, or why it cannot. */
function reading(entry: StreamScan): string {
  const scan = entry.scan;
  switch (scan.kind) {
    case 'card':
      return `${scan.scheme} ${scan.number}`;
    case 'product':
      return scan.gtin;
    case 'weighted':
      return `${scan.rule}: ${scan.itemCode} · ${scan.value}${scan.valueKind === 'weight_grams' ? ' g' : ''}`;
    case 'marking':
      return `${scan.scheme} ${scan.gtin}`;
    case 'order':
      return scan.orderNumber;
    case 'link':
      return scan.code;
    case 'unknown':
      return scan.detail ? `${scan.reason} (${scan.detail})` : scan.reason;
    default:
      return assertNever(scan);
  }
}

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
                    {t(KIND_KEYS[entry.scan.kind])}
                  </span>
                  <small>{reading(entry)}</small>
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
