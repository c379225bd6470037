/**
 * Builders for 64-byte HID POS input reports as node-hid delivers them (byte 0 = Report ID),
 * following the layouts in docs/scanners.md §2.2. The one real capture (Honeywell Voyager 1602g,
 * python_hon_usbhid README) is reproduced byte for byte in `voyagerCapture`.
 */

const REPORT_BYTES = 64;

export const GS = '\x1d';

/** A Chestny ZNAK-shaped GS1 DataMatrix (courierexe.ru example, docs/scanners.md §6.5): 01/21 GS 91 GS 92. */
export const MARKING_CODE =
  `0102900002317701` +
  `21k3LInNbH_oG0Q` +
  `${GS}91EE06` +
  `${GS}92YXiyKfiHjE4YE8b+YVMC1O5r8VtpplA3AwcCqrcG9Dk=`;

function bytesOf(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? new TextEncoder().encode(data) : data;
}

function chunk(bytes: Uint8Array, size: number): Uint8Array[] {
  const parts: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return parts.length > 0 ? parts : [new Uint8Array(0)];
}

/** Honeywell-style: [1] length without AIM, [2..4] AIM, data from 5, [61] Code ID, [63] bit 0 continued. */
export function honeywellReports(data: string | Uint8Array, aim: string, codeId: string): Buffer[] {
  const parts = chunk(bytesOf(data), 56);
  return parts.map((part, i) => {
    const report = Buffer.alloc(REPORT_BYTES);
    report[0] = 0x02;
    report[1] = part.length;
    report.write(aim, 2, 'latin1');
    report.set(part, 5);
    report[61] = codeId.charCodeAt(0);
    report[63] = i < parts.length - 1 ? 1 : 0;
    return report;
  });
}

/** Newland-style: [1] length, data from 2 (AIM in-band if enabled), [62] Newland id, [63] bit 0 continued. */
export function newlandReports(data: string | Uint8Array, symbologyId = 0): Buffer[] {
  const parts = chunk(bytesOf(data), 56);
  return parts.map((part, i) => {
    const report = Buffer.alloc(REPORT_BYTES);
    report[0] = 0x02;
    report[1] = part.length;
    report.set(part, 2);
    report[62] = symbologyId;
    report[63] = i < parts.length - 1 ? 1 : 0;
    return report;
  });
}

function report(bytes: number[], codeId: number): Buffer {
  const out = Buffer.alloc(REPORT_BYTES);
  out.set(bytes, 0);
  out[61] = codeId;
  return out;
}

/**
 * The last two reports of the Voyager 1602g capture: a `]X0` reply ending "um: N/A\r\n", then
 * `]Z6` "REVINF\x06." (the ACK), each complete (byte 63 = 0).
 */
export const voyagerCapture = {
  tail: report([2, 9, 93, 88, 48, 117, 109, 58, 32, 78, 47, 65, 13, 10], 63),
  ack: report([2, 8, 93, 90, 54, 82, 69, 86, 73, 78, 70, 6, 46], 54),
};

/** Intermediate report shape of the same capture: [1]=56, AIM `]X0`, [61]=0x3F, [63]=1. */
export function voyagerIntermediate(text56: string): Buffer {
  const out = report([2, 56, 93, 88, 48], 63);
  out.write(text56, 5, 'latin1');
  out[63] = 1;
  return out;
}
