import { parseEnrolmentCode } from '../../shared/barcode';
import type { Scan } from '../../shared/barcode';
import type { StreamScan } from '../scanner/scanStream';

/** What a scan means on the enrolment screen: the code for the form, or what it was instead. */
export type EnrolScanOutcome =
  | { readonly kind: 'code'; readonly code: string }
  | { readonly kind: 'other'; readonly scanKind: Scan['kind']; readonly raw: string };

/**
 * The data a scanner sent, without an AIM identifier it put in front (a QR scanner with AIM
 * transmission on sends `]Q17K3M-Q9ZA-4TPW-HX24`); one delivered apart from the data is not in `raw`.
 */
function dataOf(entry: StreamScan): string {
  const id = entry.scan.symbology?.id;
  return id !== undefined && entry.raw.startsWith(id) ? entry.raw.slice(id.length) : entry.raw;
}

/**
 * An enrolment code, typed or printed as HQ shows it (with or without its dash), fills the form;
 * anything else is reported with what the barcode grammar read it as, so the person sees what they
 * scanned and why it was not used.
 *
 * @example enrolScanOutcome(entryOf('7k3mq9za4tpwhx24')) // { kind: 'code', code: '7K3M-Q9ZA-4TPW-HX24' }
 */
export function enrolScanOutcome(entry: StreamScan): EnrolScanOutcome {
  const code = parseEnrolmentCode(dataOf(entry));
  if (code !== undefined) return { kind: 'code', code };
  return { kind: 'other', scanKind: entry.scan.kind, raw: entry.raw };
}
