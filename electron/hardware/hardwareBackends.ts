import type { Result } from './result';

/**
 * The seams between the scanner logic and native libraries. The drivers and the device manager
 * see only these types, so tests inject fakes that replay recorded reports and simulate unplugs
 * (docs/scanners.md §8.2), and only nodeHidBackend.ts / serialPortBackend.ts load node-hid or serialport.
 */

/** What node-hid's `devicesAsync()` reports, with `path` required: devices are opened by path. */
export type HidDeviceInfo = {
  path: string;
  vendorId: number;
  productId: number;
  serialNumber?: string;
  manufacturer?: string;
  product?: string;
  /** Present with the hidraw driver, Windows and macOS; absent with libusb (docs/scanners.md §2.1). */
  usagePage?: number;
  usage?: number;
  interface?: number;
};

/**
 * An open HID device: node-hid's HIDAsync, or a test fake. Reading starts when a `data` listener is
 * attached and node-hid keeps no buffer, so drivers attach `data` and `error` at once (docs/scanners.md §3.3).
 */
export type HidDeviceLike = {
  on(event: 'data', listener: (report: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  close(): void | Promise<void>;
};

export type BackendError = {
  /** `unavailable`: the native library cannot load (e.g. libusb-1.0-0 missing on Linux). */
  kind: 'unavailable' | 'list-failed' | 'open-failed';
  detail: string;
};

export type HidBackend = {
  devices(): Promise<Result<HidDeviceInfo[], BackendError>>;
  open(path: string): Promise<Result<HidDeviceLike, BackendError>>;
};

/** `SerialPort.list()` entry; vendor and product ids parsed from its hex strings. */
export type SerialPortInfo = {
  path: string;
  vendorId?: number;
  productId?: number;
  serialNumber?: string;
  manufacturer?: string;
};

export type SerialOpenOptions = {
  path: string;
  baudRate: number;
  dataBits: 5 | 6 | 7 | 8;
  parity: 'none' | 'even' | 'odd' | 'mark' | 'space';
  stopBits: 1 | 1.5 | 2;
};

/** A port's close reason: serialport sets `disconnected` when the device went away (docs/scanners.md §4.2). */
export type SerialCloseError = Error & { disconnected?: boolean };

/** An open serial port: serialport's SerialPort, or a test fake. */
export type SerialPortLike = {
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'close', listener: (error?: SerialCloseError | null) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  /** serialport ends the stream without `close` when a read returns 0 bytes (a vanished pty). */
  on(event: 'end', listener: () => void): unknown;
  close(): Promise<void>;
};

export type SerialBackend = {
  list(): Promise<Result<SerialPortInfo[], BackendError>>;
  open(options: SerialOpenOptions): Promise<Result<SerialPortLike, BackendError>>;
  /**
   * The device node a port path leads to now (symlinks resolved), or null when it is gone; used to
   * notice an unplug the port itself does not report. Platforms without device files echo the path.
   */
  locate(path: string): Promise<string | null>;
};
