import { EventEmitter } from 'node:events';
import type {
  HidBackend,
  HidDeviceInfo,
  SerialBackend,
  SerialOpenOptions,
  SerialPortInfo,
} from '../../../electron/hardware/hardwareBackends';
import { err, ok } from '../../../electron/hardware/result';

/**
 * Fake HID and serial backends (docs/scanners.md §8.2): devices can be plugged, unplugged (the open
 * handle emits node-hid's "could not read from HID device") and plugged back, and replay reports.
 */

export class FakeHidDevice extends EventEmitter {
  closed = false;
  /** Whether an `error` listener was already there when reading started (node-hid#153). */
  errorListenerBeforeData: boolean | undefined;

  constructor(readonly path: string) {
    super();
    this.on('newListener', (event) => {
      if (event === 'data' && this.errorListenerBeforeData === undefined) {
        this.errorListenerBeforeData = this.listenerCount('error') > 0;
      }
    });
  }

  replay(reports: Buffer[]): void {
    for (const report of reports) this.emit('data', report);
  }

  close(): void {
    this.closed = true;
  }
}

export class FakeHidBackend implements HidBackend {
  private readonly attached = new Map<string, HidDeviceInfo>();
  readonly opened: FakeHidDevice[] = [];
  listFails = false;

  plug(...infos: HidDeviceInfo[]): void {
    for (const info of infos) this.attached.set(info.path, info);
  }

  /** Removes the device; with `readError` its open handle fails like a real unplug. */
  unplug(path: string, readError = true): void {
    this.attached.delete(path);
    const open = this.opened.find((d) => d.path === path && !d.closed);
    if (open && readError) open.emit('error', new Error('could not read from HID device'));
  }

  current(): FakeHidDevice | undefined {
    return this.opened.filter((d) => !d.closed).at(-1);
  }

  devices: HidBackend['devices'] = () =>
    Promise.resolve(
      this.listFails
        ? err({ kind: 'list-failed', detail: 'enumeration failed' })
        : ok([...this.attached.values()]),
    );

  open: HidBackend['open'] = (path) => {
    if (!this.attached.has(path)) {
      return Promise.resolve(err({ kind: 'open-failed', detail: `cannot open device with path ${path}` }));
    }
    const device = new FakeHidDevice(path);
    this.opened.push(device);
    return Promise.resolve(ok(device));
  };
}

export class FakeSerialPort extends EventEmitter {
  closed = false;
  constructor(readonly options: SerialOpenOptions) {
    super();
  }
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

export class FakeSerialBackend implements SerialBackend {
  ports: SerialPortInfo[] = [];
  readonly opened: FakeSerialPort[] = [];

  list: SerialBackend['list'] = () => Promise.resolve(ok([...this.ports]));

  locate: SerialBackend['locate'] = (path) =>
    Promise.resolve(this.ports.some((p) => p.path === path) ? `${path}@node` : null);

  open: SerialBackend['open'] = (options) => {
    if (!this.ports.some((p) => p.path === options.path)) {
      return Promise.resolve(
        err({ kind: 'open-failed', detail: `No such file or directory, cannot open ${options.path}` }),
      );
    }
    const port = new FakeSerialPort(options);
    this.opened.push(port);
    return Promise.resolve(ok(port));
  };
}

export const HONEYWELL_POS: HidDeviceInfo = {
  path: '/dev/hidraw1',
  vendorId: 0x0c2e,
  productId: 0x0b8f,
  serialNumber: '21011B1234',
  manufacturer: 'Honeywell',
  product: 'Voyager 1400g HID POS',
  usagePage: 0x8c,
  usage: 0x02,
  interface: 0,
};

/** The same scanner's vendor-specific interface, which must not be opened for scans. */
export const HONEYWELL_VENDOR_INTERFACE: HidDeviceInfo = {
  ...HONEYWELL_POS,
  path: '/dev/hidraw0',
  usagePage: 0xff00,
  usage: 0x01,
  interface: 1,
};
