import type { Scan } from '../../shared/barcode';
import { assertNever } from '../../shared/domain/assertNever';
import type { MessageKey } from '../app/i18n';
import { showControls } from './visibleControls';

/** The words for what the grammar made of a scan, shared by every screen that shows one. */
export const SCAN_KIND_KEYS: Record<Scan['kind'], MessageKey> = {
  card: 'scan.kind.card',
  product: 'scan.kind.product',
  weighted: 'scan.kind.weighted',
  marking: 'scan.kind.marking',
  order: 'scan.kind.order',
  link: 'scan.kind.link',
  unknown: 'scan.kind.unknown',
};

/** Shortens long codes for a one-line notice; GS and other control characters stay visible. */
export function shownCode(raw: string): string {
  const visible = showControls(raw);
  return visible.length > 48 ? `${visible.slice(0, 45)}…` : visible;
}

/** What the grammar made of a scan, in a few words: the key the till acts on, or why it cannot. */
export function scanReading(scan: Scan): string {
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
