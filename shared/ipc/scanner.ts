import { z } from 'zod';
import { describeSymbology } from '../barcode/symbology';
import { UUID_V7 } from '../domain/uuidv7';
import { parseUnknown, type Parsed } from '../validation';

/**
 * What crosses from the scanner layer (Electron main, or the local launcher's HTTP bridge) to the
 * renderer, and the scanner configuration persisted on disk. Everything that arrives from a device
 * or from disk is checked by the `parse*` helpers below, which accept only `unknown`.
 */

/** The transport a scan came through. */
export const scanSourceSchema = z.enum(['hid-pos', 'hid-keyboard', 'serial']);
export type ScanSource = z.infer<typeof scanSourceSchema>;

/** A configured scanner's key: chosen by the user or derived from its USB identity. */
export const deviceKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'letters, digits, ".", "_", ":" or "-", at most 64');

/** Longest scan accepted: a Chestny ZNAK code is under 200 characters; 4 KB leaves room for QR. */
export const MAX_SCAN_LENGTH = 4096;

/**
 * One decoded scan. `raw` is the scanned data exactly as sent, GS (0x1D) and all, without the
 * suffix and without the AIM prefix; the AIM identifier, when the scanner sent one (in-band or in
 * the HID POS report), is in `symbology`. `codeId` is a vendor's own symbology code (Honeywell
 * Code ID, Newland id byte) kept for diagnostics.
 *
 * @example { id: '019a…', source: 'serial', deviceKey: 'front', raw: '4601234567893', symbology: ']E0', receivedAt: '2026-01-01T10:00:00.000Z' }
 */
export const scanEventSchema = z.object({
  id: z.string().regex(UUID_V7, 'a UUIDv7'),
  source: scanSourceSchema,
  deviceKey: deviceKeySchema,
  raw: z.string().min(1).max(MAX_SCAN_LENGTH),
  /** An AIM / ISO/IEC 15424 identifier (`]E0`, `]d2`), read by the barcode grammar's describeSymbology. */
  symbology: z
    .string()
    .refine((id) => describeSymbology(id) !== undefined, 'an AIM identifier such as ]E0')
    .optional(),
  codeId: z.string().min(1).max(4).optional(),
  receivedAt: z.iso.datetime(),
});
export type ScanEvent = z.infer<typeof scanEventSchema>;

export const scannerDeviceStateSchema = z.enum(['connecting', 'open', 'lost', 'closed']);
export type ScannerDeviceState = z.infer<typeof scannerDeviceStateSchema>;

/** Why a device is in its state; `detail` carries the driver's own message for people. */
export const scannerStatusReasonSchema = z.enum([
  'starting',
  'opened',
  'not-found',
  'open-failed',
  'read-error',
  'disconnected',
  'watchdog',
  'stopped',
  'disabled',
]);
export type ScannerStatusReason = z.infer<typeof scannerStatusReasonSchema>;

export const scannerDeviceStatusSchema = z.object({
  deviceKey: deviceKeySchema,
  kind: scanSourceSchema,
  label: z.string().optional(),
  state: scannerDeviceStateSchema,
  reason: scannerStatusReasonSchema,
  detail: z.string().optional(),
  /** The OS path the device is open on (hidraw path, tty, COM port), when known. */
  path: z.string().optional(),
  /** Failed attempts since the device was last open; 0 while it is open. */
  attempt: z.number().int().nonnegative(),
  nextRetryAt: z.iso.datetime().optional(),
  since: z.iso.datetime(),
});
export type ScannerDeviceStatus = z.infer<typeof scannerDeviceStatusSchema>;

/** The settings screen's view: every configured device and the most recent scans, newest last. */
export const scannerSnapshotSchema = z.object({
  devices: z.array(scannerDeviceStatusSchema),
  recentScans: z.array(scanEventSchema).max(20),
});
export type ScannerSnapshot = z.infer<typeof scannerSnapshotSchema>;

// ---- persisted configuration ----

const u16 = z.number().int().min(0).max(0xffff);

/** Open a device by its USB identity, so a replug on another port or COM number finds it again. */
export const usbIdentitySchema = z.object({
  by: z.literal('usb'),
  vendorId: u16,
  productId: u16,
  serialNumber: z.string().min(1).optional(),
});
export type UsbIdentity = z.infer<typeof usbIdentitySchema>;

/** Open a serial device by path: a fixed RS-232 port or the demo mode's socat link. */
export const pathIdentitySchema = z.object({ by: z.literal('path'), path: z.string().min(1) });
export type PathIdentity = z.infer<typeof pathIdentitySchema>;

/** How scanned bytes become text: scanners are set to UTF-8 or to CP1251 (Cyrillic QR payloads). */
export const scanEncodingSchema = z.enum(['utf-8', 'windows-1251']);
export type ScanEncoding = z.infer<typeof scanEncodingSchema>;

const common = {
  key: deviceKeySchema,
  label: z.string().max(80).optional(),
  enabled: z.boolean().default(true),
};

const idleTimeoutMs = z.number().int().min(10).max(5000).default(100);

export const hidPosDeviceConfigSchema = z.object({
  ...common,
  kind: z.literal('hid-pos'),
  identity: usbIdentitySchema,
  /** `auto` reads Honeywell-style when byte 2 is `]`, Newland-style otherwise. */
  layout: z.enum(['auto', 'honeywell', 'newland']).default('auto'),
  encoding: scanEncodingSchema.default('utf-8'),
});

export const hidKeyboardDeviceConfigSchema = z.object({
  ...common,
  kind: z.literal('hid-keyboard'),
  identity: usbIdentitySchema,
  suffix: z.enum(['enter', 'tab', 'none']).default('enter'),
  idleTimeoutMs,
  /** Code page for Alt+numpad codes above 127. */
  encoding: scanEncodingSchema.default('windows-1251'),
});

export const serialSuffixSchema = z.enum(['cr', 'lf', 'crlf', 'none']);
export type SerialSuffix = z.infer<typeof serialSuffixSchema>;

export const serialDeviceConfigSchema = z.object({
  ...common,
  kind: z.literal('serial'),
  identity: z.discriminatedUnion('by', [usbIdentitySchema, pathIdentitySchema]),
  baudRate: z.number().int().min(300).max(4_000_000).default(9600),
  dataBits: z.union([z.literal(5), z.literal(6), z.literal(7), z.literal(8)]).default(8),
  parity: z.enum(['none', 'even', 'odd', 'mark', 'space']).default('none'),
  stopBits: z.union([z.literal(1), z.literal(1.5), z.literal(2)]).default(1),
  suffix: serialSuffixSchema.default('cr'),
  idleTimeoutMs,
  encoding: scanEncodingSchema.default('utf-8'),
});

export const scannerDeviceConfigSchema = z.discriminatedUnion('kind', [
  hidPosDeviceConfigSchema,
  hidKeyboardDeviceConfigSchema,
  serialDeviceConfigSchema,
]);
export type ScannerDeviceConfig = z.infer<typeof scannerDeviceConfigSchema>;
export type HidPosDeviceConfig = z.infer<typeof hidPosDeviceConfigSchema>;
export type HidKeyboardDeviceConfig = z.infer<typeof hidKeyboardDeviceConfigSchema>;
export type SerialDeviceConfig = z.infer<typeof serialDeviceConfigSchema>;

export const SCANNER_CONFIG_VERSION = 1;

export const scannerConfigSchema = z
  .object({
    version: z.literal(SCANNER_CONFIG_VERSION),
    devices: z.array(scannerDeviceConfigSchema).max(32).default([]),
  })
  .refine((config) => new Set(config.devices.map((d) => d.key)).size === config.devices.length, {
    message: 'device keys must be unique',
    path: ['devices'],
  });
export type ScannerConfig = z.infer<typeof scannerConfigSchema>;
/** What callers may write: defaults filled in on parse. */
export type ScannerConfigInput = z.input<typeof scannerConfigSchema>;

/**
 * A device found by enumeration that the settings screen can offer to add: HID interfaces on the
 * bar-code usage page or from a known scanner vendor, and every serial port.
 */
export const scannerCandidateSchema = z.object({
  suggestedKind: scanSourceSchema,
  path: z.string(),
  /** Absent for a serial port without USB ids (a built-in RS-232 port): open it by path. */
  identity: usbIdentitySchema.optional(),
  vendorName: z.string().optional(),
  manufacturer: z.string().optional(),
  product: z.string().optional(),
  why: z.enum(['hid-pos-usage', 'known-vendor', 'serial-port']),
});
export type ScannerCandidate = z.infer<typeof scannerCandidateSchema>;

export const defaultScannerConfig: ScannerConfig = { version: SCANNER_CONFIG_VERSION, devices: [] };

// ---- parse helpers: the only way untrusted values become these types ----

/** A scan built from device bytes, or a message saying why it is not one. */
export function parseScanEvent(value: unknown): Parsed<ScanEvent> {
  return parseUnknown(scanEventSchema, value);
}

export function parseScannerDeviceStatus(value: unknown): Parsed<ScannerDeviceStatus> {
  return parseUnknown(scannerDeviceStatusSchema, value);
}

export function parseScannerSnapshot(value: unknown): Parsed<ScannerSnapshot> {
  return parseUnknown(scannerSnapshotSchema, value);
}

/** The persisted configuration (JSON from disk or from the settings screen), defaults filled in. */
export function parseScannerConfig(value: unknown): Parsed<ScannerConfig> {
  return parseUnknown(scannerConfigSchema, value);
}
