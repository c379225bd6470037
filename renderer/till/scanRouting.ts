import type { Scan } from '../../shared/barcode';
import type { StreamScan } from '../scanner/scanStream';
import type { ScanNotice } from '../scanner/scanToCart';

/** Notices that are news, not a problem: no error colour, no sound. */
export const INFO_NOTICES: ReadonlySet<ScanNotice['key']> = new Set(['basket.held', 'till.scanCard']);

/** Scans that can go on a sale; the others are only ever explained. */
export const SALE_KINDS: ReadonlySet<Scan['kind']> = new Set(['card', 'product', 'weighted', 'marking']);

/**
 * A scan the till should keep for the cashier instead of applying it now: the till is behind
 * another screen, or this window is in the background (a device scanner reaches every open
 * window; the one the cashier is looking at takes it). Wedge and typed scans come from keys typed
 * into this very window, so they are the cashier's, whatever the visibility says.
 */
export function heldBack(entry: StreamScan, active: boolean): boolean {
  if (!active) return true;
  if (entry.origin === 'wedge' || entry.origin === 'typed') return false;
  return globalThis.document?.visibilityState === 'hidden';
}
