import { z } from 'zod';
import { parseUnknown } from '../../shared/validation';
import { assertNever } from '../../shared/barcode/assertNever';
import { describeSymbology } from '../../shared/barcode/symbology';
import type { Result } from './result';
import { err, ok } from './result';

/**
 * USB HID POS (usage page 0x8C) Scanned Data Reports → whole messages.
 *
 * Layouts, with byte 0 the Report ID as node-hid delivers it (docs/scanners.md §2.2; Honeywell/HHP "USB
 * Interfaces User's Guide" HID POS page, Newland NLS-FM420 integration guide, Access-IS LSR118):
 *
 * | byte  | Honeywell-style                      | Newland-style (also ID TECH, Unitech)   |
 * |-------|--------------------------------------|-----------------------------------------|
 * | 0     | Report ID 0x02                       | Report ID 0x02                          |
 * | 1     | data length (AIM bytes not counted)  | data length                             |
 * | 2–4   | AIM id `]` + 2 chars                 | data from byte 2 (up to 56 bytes)       |
 * | 5–60  | data (up to 56 bytes)                |                                         |
 * | 61    | Honeywell Code ID char               | reserved                                |
 * | 62    | reserved                             | Newland symbology id or 0               |
 * | 63    | bit 0: "Decode Data Continued"       | bit 0: "Decode Data Continued"          |
 */

export const HID_POS_REPORT_BYTES = 64;
export const SCANNED_DATA_REPORT_ID = 0x02;
const MAX_DATA_PER_REPORT = 56;
const AIM_START = 0x5d; // ']'

export type HidPosLayoutSetting = 'auto' | 'honeywell' | 'newland';
export type HidPosLayout = Exclude<HidPosLayoutSetting, 'auto'>;

export type HidPosReport = {
  layout: HidPosLayout;
  payload: Uint8Array;
  /** Out-of-band AIM id (Honeywell bytes 2–4). */
  symbology?: string;
  /** Vendor code id: Honeywell's char at byte 61, Newland's id byte at 62. */
  codeId?: string;
  /** "Decode Data Continued": more reports of this message follow. */
  more: boolean;
};

export type HidPosReportProblem =
  { kind: 'ignored-report'; detail: string } | { kind: 'bad-report'; detail: string };

// Buffer is a Uint8Array, so node-hid's reads and test fixtures pass the same check.
const reportSchema = z.instanceof(Uint8Array).refine((bytes) => bytes.length === HID_POS_REPORT_BYTES, {
  message: `a HID POS input report is ${HID_POS_REPORT_BYTES} bytes including the Report ID`,
});

function printable(byte: number | undefined): string | undefined {
  if (byte === undefined || byte === 0) return undefined;
  return byte > 0x20 && byte < 0x7f ? String.fromCharCode(byte) : `0x${byte.toString(16).padStart(2, '0')}`;
}

/**
 * Which layout a report uses. Honeywell puts `]` at byte 2 and a Code ID at byte 61; a Newland-style
 * scanner with AIM transmission on also starts its data with `]` but leaves byte 61 reserved (0),
 * so both bytes are checked rather than the `]` alone (docs/scanners.md §2.2).
 */
export function detectHidPosLayout(report: Uint8Array, setting: HidPosLayoutSetting): HidPosLayout {
  switch (setting) {
    case 'honeywell':
    case 'newland':
      return setting;
    case 'auto':
      return report[2] === AIM_START && report[61] !== 0 ? 'honeywell' : 'newland';
    default:
      return assertNever(setting);
  }
}

/** One 64-byte report (from a device, so `unknown`) read with the given layout. */
export function parseHidPosReport(
  input: unknown,
  setting: HidPosLayoutSetting,
  lockedLayout?: HidPosLayout,
): Result<HidPosReport, HidPosReportProblem> {
  const parsed = parseUnknown(reportSchema, input);
  if (!parsed.ok) return err({ kind: 'bad-report', detail: parsed.error });
  const report = parsed.value;
  // docs/scanners.md §2.3 rule 1: other report ids (attributes, command replies) are not scans.
  if (report[0] !== SCANNED_DATA_REPORT_ID) {
    return err({ kind: 'ignored-report', detail: `report id 0x${report[0]!.toString(16)}` });
  }
  const length = report[1]!;
  if (length > MAX_DATA_PER_REPORT) {
    return err({ kind: 'bad-report', detail: `length byte ${length} exceeds ${MAX_DATA_PER_REPORT}` });
  }
  const more = (report[63]! & 0x01) === 0x01;
  const layout = lockedLayout ?? detectHidPosLayout(report, setting);
  switch (layout) {
    case 'honeywell': {
      const symbology = String.fromCharCode(report[2]!, report[3]!, report[4]!);
      const result: HidPosReport = { layout, payload: report.subarray(5, 5 + length), more };
      if (describeSymbology(symbology) !== undefined) result.symbology = symbology;
      const codeId = printable(report[61]);
      if (codeId !== undefined) result.codeId = codeId;
      return ok(result);
    }
    case 'newland': {
      const result: HidPosReport = { layout, payload: report.subarray(2, 2 + length), more };
      const codeId = printable(report[62]);
      if (codeId !== undefined) result.codeId = codeId;
      return ok(result);
    }
    default:
      return assertNever(layout);
  }
}

export type HidPosMessage = {
  bytes: Uint8Array;
  layout: HidPosLayout;
  symbology?: string;
  codeId?: string;
  reports: number;
};

export type HidPosProblem =
  | HidPosReportProblem
  | { kind: 'continuation-timeout'; detail: string }
  | { kind: 'overflow'; detail: string };

export type HidPosAssemblerOptions = {
  layout: HidPosLayoutSetting;
  /** docs/scanners.md §2.3 rule 3: a half message whose continuation never comes is discarded. */
  continuationTimeoutMs?: number;
  maxMessageBytes?: number;
  onMessage(message: HidPosMessage): void;
  onProblem(problem: HidPosProblem): void;
};

export type HidPosAssembler = { push(report: unknown): void; dispose(): void };

/**
 * Joins continued reports into one message. A half message is discarded, not emitted, on timeout:
 * half a marking code is worse than none, and the cashier hears the beep and scans again.
 */
export function createHidPosAssembler(options: HidPosAssemblerOptions): HidPosAssembler {
  const timeoutMs = options.continuationTimeoutMs ?? 200;
  const maxBytes = options.maxMessageBytes ?? 4096;
  let parts: Uint8Array[] = [];
  let size = 0;
  let first: HidPosReport | undefined;
  let timer: NodeJS.Timeout | undefined;

  const reset = (): void => {
    parts = [];
    size = 0;
    first = undefined;
    if (timer) clearTimeout(timer);
    timer = undefined;
  };

  return {
    push(input) {
      // The first report of a message decides the layout of its continuations, whose data may
      // start with any byte, `]` included.
      const parsed = parseHidPosReport(input, options.layout, first?.layout);
      if (!parsed.ok) {
        options.onProblem(parsed.error);
        return;
      }
      const report = parsed.value;
      first ??= report;
      if (size + report.payload.length > maxBytes) {
        options.onProblem({ kind: 'overflow', detail: `message longer than ${maxBytes} bytes dropped` });
        reset();
        return;
      }
      // Copy: node-hid may reuse its buffer, and subarray() only views it.
      parts.push(report.payload.slice());
      size += report.payload.length;
      if (report.more) {
        if (timer) timer.refresh();
        else {
          timer = setTimeout(() => {
            options.onProblem({
              kind: 'continuation-timeout',
              detail: `no continuation within ${timeoutMs} ms; ${size} bytes in ${parts.length} reports dropped`,
            });
            reset();
          }, timeoutMs);
        }
        return;
      }
      const bytes = new Uint8Array(size);
      let offset = 0;
      for (const part of parts) {
        bytes.set(part, offset);
        offset += part.length;
      }
      const message: HidPosMessage = { bytes, layout: first.layout, reports: parts.length };
      if (first.symbology !== undefined) message.symbology = first.symbology;
      if (first.codeId !== undefined) message.codeId = first.codeId;
      reset();
      options.onMessage(message);
    },
    dispose: reset,
  };
}
