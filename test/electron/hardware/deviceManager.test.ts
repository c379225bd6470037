import { afterEach, describe, expect, it } from 'vitest';
import type { ScanEvent, ScannerConfig, ScannerDeviceStatus } from '../../../shared/ipc/scanner';
import { parseScannerConfig } from '../../../shared/ipc/scanner';
import type { DeviceProblem } from '../../../electron/hardware/deviceConnection';
import { ScannerManager } from '../../../electron/hardware/deviceManager';
import { GS, MARKING_CODE, honeywellReports } from './hidPosFixtures';
import { FakeHidBackend, FakeSerialBackend, HONEYWELL_POS, HONEYWELL_VENDOR_INTERFACE } from './fakeHardware';
import { waitFor } from './socatHarness';

const managers: ScannerManager[] = [];

afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.stop()));
});

function config(devices: unknown[]): ScannerConfig {
  const parsed = parseScannerConfig({ version: 1, devices });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

const posDevice = {
  key: 'front-pos',
  kind: 'hid-pos',
  identity: { by: 'usb', vendorId: 0x0c2e, productId: 0x0b8f, serialNumber: '21011B1234' },
};

function setup(watchdogMs = 0) {
  const hid = new FakeHidBackend();
  const serial = new FakeSerialBackend();
  const manager = new ScannerManager({
    hid,
    serial,
    timing: { initialBackoffMs: 10, maxBackoffMs: 50, watchdogMs, nodeCheckMs: 20 },
  });
  managers.push(manager);
  const statuses: ScannerDeviceStatus[] = [];
  const scans: ScanEvent[] = [];
  const problems: DeviceProblem[] = [];
  manager.on('status', (s) => statuses.push(s));
  manager.on('scan', (s) => scans.push(s));
  manager.on('problem', (p) => problems.push(p));
  const state = (key = 'front-pos') => manager.statuses().find((s) => s.deviceKey === key);
  const until = (wanted: ScannerDeviceStatus['state'], key = 'front-pos') =>
    waitFor(() => (state(key)?.state === wanted ? state(key) : undefined), `${key} ${wanted}`);
  return { hid, serial, manager, statuses, scans, problems, state, until };
}

describe('device manager with HID POS scanners', () => {
  it('opens the 0x8C interface of the configured identity and emits its scans', async () => {
    const { hid, manager, scans, until } = setup();
    hid.plug(HONEYWELL_VENDOR_INTERFACE, HONEYWELL_POS);
    await manager.applyConfig(config([posDevice]));
    const open = await until('open');
    expect(open.path).toBe('/dev/hidraw1');
    const device = hid.current()!;
    expect(device.errorListenerBeforeData).toBe(true);
    device.replay(honeywellReports('4601234567893', ']E0', 'd'));
    expect(scans).toMatchObject([
      {
        source: 'hid-pos',
        deviceKey: 'front-pos',
        raw: '4601234567893',
        symbology: ']E0',
        codeId: 'd',
      },
    ]);
    expect(manager.recentScans()).toHaveLength(1);
  });

  it('survives an unplug (read error) and reopens the scanner at its new path when it returns', async () => {
    const { hid, manager, scans, statuses, until } = setup();
    hid.plug(HONEYWELL_POS);
    await manager.applyConfig(config([posDevice]));
    await until('open');
    const first = hid.current()!;

    hid.unplug(HONEYWELL_POS.path);
    const lost = await until('lost');
    expect(lost).toMatchObject({ reason: 'read-error', detail: 'could not read from HID device' });
    expect(first.closed).toBe(true);
    await waitFor(
      () => statuses.find((s) => s.reason === 'not-found' && s.attempt >= 2),
      'retries while unplugged',
    );

    hid.plug({ ...HONEYWELL_POS, path: '/dev/hidraw5' });
    const reopened = await until('open');
    expect(reopened).toMatchObject({ path: '/dev/hidraw5', attempt: 0 });
    hid.current()!.replay(honeywellReports(MARKING_CODE, ']d2', 'w'));
    expect(scans.at(-1)).toMatchObject({ raw: MARKING_CODE, symbology: ']d2' });
    expect(scans.at(-1)!.raw).toContain(GS);
    // Reports still arriving on the old handle are not scans any more.
    first.replay(honeywellReports('1111111111116', ']E0', 'd'));
    expect(scans).toHaveLength(1);
  });

  it('notices an unplug that raised no error through the enumeration watchdog', async () => {
    const { hid, manager, until } = setup(20);
    hid.plug(HONEYWELL_POS);
    await manager.applyConfig(config([posDevice]));
    await until('open');
    const first = hid.current()!;
    hid.unplug(HONEYWELL_POS.path, false);
    expect(await until('lost')).toMatchObject({ reason: 'watchdog' });
    expect(first.closed).toBe(true);
    hid.plug(HONEYWELL_POS);
    await until('open');
  });

  it('does not take a failed enumeration for an unplug', async () => {
    const { hid, manager, state, until } = setup(10);
    hid.plug(HONEYWELL_POS);
    await manager.applyConfig(config([posDevice]));
    await until('open');
    hid.listFails = true;
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(state()?.state).toBe('open');
  });

  it('reports bad reports and dropped half messages as problems, not crashes', async () => {
    const { hid, manager, problems, until } = setup();
    hid.plug(HONEYWELL_POS);
    await manager.applyConfig(config([posDevice]));
    await until('open');
    hid.current()!.emit('data', Buffer.alloc(7));
    expect(problems).toMatchObject([{ deviceKey: 'front-pos', kind: 'bad-report' }]);
  });

  it('keeps an unchanged device open across a config change, closes removed ones, honours disabled', async () => {
    const { hid, manager, until, state } = setup();
    hid.plug(HONEYWELL_POS);
    await manager.applyConfig(config([posDevice]));
    await until('open');
    const device = hid.current()!;
    await manager.applyConfig(config([posDevice, { ...posDevice, key: 'spare', enabled: false }]));
    expect(device.closed).toBe(false);
    expect(state('spare')).toMatchObject({ state: 'closed', reason: 'disabled' });
    await manager.applyConfig(config([]));
    expect(device.closed).toBe(true);
    expect(manager.statuses()).toEqual([]);
  });

  it('opens a serial scanner by USB identity, wherever the OS put it', async () => {
    const { serial, manager, scans, until } = setup();
    serial.ports = [{ path: '/dev/ttyACM3', vendorId: 0x1eab, productId: 0x1d06, serialNumber: 'NL1' }];
    await manager.applyConfig(
      config([
        {
          key: 'cdc',
          kind: 'serial',
          identity: { by: 'usb', vendorId: 0x1eab, productId: 0x1d06 },
          baudRate: 115200,
        },
      ]),
    );
    expect(await until('open', 'cdc')).toMatchObject({ path: '/dev/ttyACM3' });
    const port = serial.opened[0]!;
    expect(port.options).toEqual({
      path: '/dev/ttyACM3',
      baudRate: 115200,
      dataBits: 8,
      parity: 'none',
      stopBits: 1,
    });
    port.emit('data', Buffer.from(']E04601234567893\r'));
    expect(scans[0]).toMatchObject({
      source: 'serial',
      deviceKey: 'cdc',
      raw: '4601234567893',
      symbology: ']E0',
    });
  });

  it('notices a serial port whose device node vanished although the port reported nothing', async () => {
    const { serial, manager, until } = setup();
    serial.ports = [{ path: '/dev/ttyUSB0' }];
    await manager.applyConfig(
      config([{ key: 'com', kind: 'serial', identity: { by: 'path', path: '/dev/ttyUSB0' } }]),
    );
    await until('open', 'com');
    const first = serial.opened[0]!;
    serial.ports = [];
    expect(await until('lost', 'com')).toMatchObject({ reason: 'watchdog' });
    expect(first.closed).toBe(true);
    serial.ports = [{ path: '/dev/ttyUSB0' }];
    await until('open', 'com');
    expect(serial.opened).toHaveLength(2);
  });

  it('lists HID POS interfaces, known scanner vendors and serial ports for the settings screen', async () => {
    const { hid, serial, manager } = setup();
    hid.plug(
      HONEYWELL_POS,
      HONEYWELL_VENDOR_INTERFACE,
      { path: '/dev/hidraw7', vendorId: 0x046d, productId: 0xc077, usagePage: 0x01, usage: 0x02 }, // a mouse
      { path: '/dev/hidraw8', vendorId: 0x1eab, productId: 0x1d03, usagePage: 0x01, usage: 0x06 }, // Newland keyboard mode
      { path: '/dev/hidraw9', vendorId: 0x1234, productId: 0x0001, usagePage: 0x8c, usage: 0x02 }, // OEM HID POS
    );
    serial.ports = [{ path: '/dev/ttyS0' }, { path: '/dev/ttyACM0', vendorId: 0x05e0, productId: 0x1701 }];
    const { candidates, problems } = await manager.enumerate();
    expect(problems).toEqual([]);
    expect(candidates.map((c) => [c.path, c.suggestedKind, c.why])).toEqual([
      ['/dev/hidraw1', 'hid-pos', 'hid-pos-usage'],
      ['/dev/hidraw8', 'hid-keyboard', 'known-vendor'],
      ['/dev/hidraw9', 'hid-pos', 'hid-pos-usage'],
      ['/dev/ttyS0', 'serial', 'serial-port'],
      ['/dev/ttyACM0', 'serial', 'known-vendor'],
    ]);
    expect(candidates[4]?.identity).toEqual({ by: 'usb', vendorId: 0x05e0, productId: 0x1701 });
  });
});
