import { uuidv7 } from '../../shared/domain/uuidv7';
import { splitSymbology } from '../../shared/barcode/symbology';
import { parseScanEvent } from '../../shared/ipc/scanner';
import type { ScanEncoding, ScanEvent, ScanSource } from '../../shared/ipc/scanner';
import type { Result } from './result';
import { err, ok } from './result';

/**
 * Bytes to text, one decoder per code page. Bytes are decoded only once the whole message is in,
 * so a UTF-8 character split across chunks or reports survives, and GS (0x1D) passes through as the
 * control character it is. Scanners send UTF-8 or CP1251 depending on their code-page setting
 * (docs/scanners.md §2.3 rule 4, Newland manuals list "Windows 1251 Cyrillic"), hence the choice.
 */
const decoders = new Map<ScanEncoding, TextDecoder>();

export function decodeScanBytes(bytes: Uint8Array, encoding: ScanEncoding): string {
  let decoder = decoders.get(encoding);
  if (!decoder) {
    decoder = new TextDecoder(encoding);
    decoders.set(encoding, decoder);
  }
  return decoder.decode(bytes);
}

/**
 * An in-band AIM prefix (`]d2…`) split from the data with the barcode grammar's own reader
 * (ISO/IEC 15424, docs/scanners.md §4.4). A malformed one stays in the data, where classifyScan reports it.
 */
export function splitAimPrefix(text: string): { symbology?: string; data: string } {
  const split = splitSymbology(text);
  return split.kind === 'aim' ? { symbology: split.symbology.id, data: split.data } : { data: text };
}

export type DecodedScan = {
  source: ScanSource;
  deviceKey: string;
  /** The message's text, possibly still carrying an in-band AIM prefix. */
  text: string;
  /** An AIM id delivered out of band (Honeywell HID POS bytes 2–4). */
  symbology?: string;
  codeId?: string;
};

export type RejectedScan = { kind: 'invalid-scan'; detail: string };

/**
 * The one place a decoded frame becomes a ScanEvent: it goes through the shared zod schema, so an
 * empty or oversized frame, or a malformed AIM id, is a typed rejection rather than a renderer bug.
 */
export function toScanEvent(decoded: DecodedScan, now: Date = new Date()): Result<ScanEvent, RejectedScan> {
  const inBand = decoded.symbology === undefined ? splitAimPrefix(decoded.text) : { data: decoded.text };
  const candidate: Record<string, unknown> = {
    id: uuidv7(),
    source: decoded.source,
    deviceKey: decoded.deviceKey,
    raw: inBand.data,
    receivedAt: now.toISOString(),
  };
  const symbology = decoded.symbology ?? inBand.symbology;
  if (symbology !== undefined) candidate.symbology = symbology;
  if (decoded.codeId !== undefined) candidate.codeId = decoded.codeId;
  const parsed = parseScanEvent(candidate);
  return parsed.ok ? ok(parsed.value) : err({ kind: 'invalid-scan', detail: parsed.error });
}
