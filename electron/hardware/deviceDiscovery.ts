import type { ScannerCandidate, ScanSource, UsbIdentity } from '../../shared/ipc/scanner';
import type { HidDeviceInfo, SerialPortInfo } from './hardwareBackends';

/**
 * Which enumerated devices are scanners, and which one a configured identity means. Pure functions
 * over what node-hid and serialport report, so they are tested without devices.
 */

/** HID usage page 0x8C "Bar Code Scanner", usage 0x02 (USB-IF HID POS Usage Tables v1.02, §2.1). */
export const HID_POS_USAGE_PAGE = 0x8c;
export const HID_POS_USAGE_SCANNER = 0x02;
const GENERIC_DESKTOP = 0x01;
const USAGE_KEYBOARD = 0x06;

/** Scanner vendors from usb.ids and the repos cited in docs/scanners.md §3.4. */
export const KNOWN_SCANNER_VENDORS: ReadonlyMap<number, string> = new Map([
  [0x0c2e, 'Honeywell (Metrologic)'],
  [0x0536, 'Hand Held Products'],
  [0x05e0, 'Symbol / Zebra'],
  [0x05f9, 'Datalogic (PSC)'],
  [0x080c, 'Datalogic'],
  [0x1eab, 'Newland'],
  [0x067e, 'Intermec'],
  [0x065a, 'Opticon'],
  [0x27dd, 'Mindeo'],
]);

const NEWLAND = 0x1eab;

function isHidPosInterface(device: HidDeviceInfo): boolean {
  return device.usagePage === HID_POS_USAGE_PAGE;
}

function isKeyboardInterface(device: HidDeviceInfo): boolean {
  return device.usagePage === GENERIC_DESKTOP && device.usage === USAGE_KEYBOARD;
}

/**
 * The mode a known vendor's interface is probably in when the driver (libusb) reports no usage
 * page: Newland encodes it in the PID's low byte, `xx03` keyboard, `xx10` HID POS (docs/scanners.md §3.4).
 */
function guessHidKind(device: HidDeviceInfo): ScanSource {
  if (isHidPosInterface(device)) return 'hid-pos';
  if (isKeyboardInterface(device)) return 'hid-keyboard';
  if (device.vendorId === NEWLAND && (device.productId & 0xff) === 0x03) return 'hid-keyboard';
  return 'hid-pos';
}

function usbIdentity(vendorId: number, productId: number, serialNumber: string | undefined): UsbIdentity {
  return serialNumber ? { by: 'usb', vendorId, productId, serialNumber } : { by: 'usb', vendorId, productId };
}

/** HID interfaces worth offering: page 0x8C, or a known vendor's keyboard or unlabelled interface. */
export function hidCandidates(devices: readonly HidDeviceInfo[]): ScannerCandidate[] {
  const candidates: ScannerCandidate[] = [];
  for (const device of devices) {
    const vendorName = KNOWN_SCANNER_VENDORS.get(device.vendorId);
    const posUsage = isHidPosInterface(device);
    // A known vendor's vendor-specific interfaces (page 0xFF00 and the like) are not for scans.
    const plausible = device.usagePage === undefined || isKeyboardInterface(device);
    if (!posUsage && !(vendorName !== undefined && plausible)) continue;
    candidates.push({
      suggestedKind: guessHidKind(device),
      path: device.path,
      identity: usbIdentity(device.vendorId, device.productId, device.serialNumber),
      vendorName,
      manufacturer: device.manufacturer,
      product: device.product,
      why: posUsage ? 'hid-pos-usage' : 'known-vendor',
    });
  }
  return candidates;
}

/** Every serial port: RS-232 scanners have no USB ids, so none is filtered out. */
export function serialCandidates(ports: readonly SerialPortInfo[]): ScannerCandidate[] {
  return ports.map((port) => ({
    suggestedKind: 'serial',
    path: port.path,
    identity:
      port.vendorId !== undefined && port.productId !== undefined
        ? usbIdentity(port.vendorId, port.productId, port.serialNumber)
        : undefined,
    vendorName: port.vendorId === undefined ? undefined : KNOWN_SCANNER_VENDORS.get(port.vendorId),
    manufacturer: port.manufacturer,
    why:
      port.vendorId !== undefined && KNOWN_SCANNER_VENDORS.has(port.vendorId)
        ? 'known-vendor'
        : 'serial-port',
  }));
}

function sameUsb(
  identity: UsbIdentity,
  vendorId: number | undefined,
  productId: number | undefined,
  serialNumber: string | undefined,
): boolean {
  return (
    identity.vendorId === vendorId &&
    identity.productId === productId &&
    (identity.serialNumber === undefined || identity.serialNumber === serialNumber)
  );
}

/**
 * The HID interface to open for an identity. A scanner can expose several interfaces under one
 * VID/PID, so the one with the right usage wins (docs/scanners.md §2.1, §3.1);
 * when the driver reports no usages at all (libusb), the first interface is the best guess.
 */
export function findHidInterface(
  devices: readonly HidDeviceInfo[],
  identity: UsbIdentity,
  kind: 'hid-pos' | 'hid-keyboard',
): HidDeviceInfo | undefined {
  const matching = devices.filter((d) => sameUsb(identity, d.vendorId, d.productId, d.serialNumber));
  const wanted = kind === 'hid-pos' ? isHidPosInterface : isKeyboardInterface;
  const exact =
    matching.find((d) => wanted(d) && (kind !== 'hid-pos' || d.usage === HID_POS_USAGE_SCANNER)) ??
    matching.find(wanted);
  if (exact) return exact;
  return matching.every((d) => d.usagePage === undefined) ? matching[0] : undefined;
}

/** The serial port for an identity: the tty name or COM number can change after a replug (docs/scanners.md §4.2). */
export function findSerialPort(
  ports: readonly SerialPortInfo[],
  identity: UsbIdentity,
): SerialPortInfo | undefined {
  return ports.find((p) => sameUsb(identity, p.vendorId, p.productId, p.serialNumber));
}
