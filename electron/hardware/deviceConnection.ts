import type {
  ScanEvent,
  ScannerDeviceConfig,
  ScannerDeviceState,
  ScannerDeviceStatus,
  ScannerStatusReason,
} from '../../shared/ipc/scanner';
import { findHidInterface, findSerialPort } from './deviceDiscovery';
import type { HidBackend, SerialBackend } from './hardwareBackends';
import type { Result } from './result';
import { assertNever } from '../../shared/barcode/assertNever';
import { backoffDelay, noJitter } from '../../shared/domain/backoff';
import { err, ok } from './result';
import type { AttachedDriver, DriverProblem, DriverSink } from './scanDrivers';
import { attachHidKeyboardDriver, attachHidPosDriver, attachSerialDriver } from './scanDrivers';

/**
 * One configured scanner kept open: find it, open it, and after an unplug or read error close it
 * and try again with exponential backoff. Neither library reports hot-plug (node-hid#199/#422,
 * serialport#648), so this is the `open → on error: close, mark down → retry: enumerate → open`
 * machine of docs/scanners.md §3.3 and §4.2, plus watchdogs for unplugs that raise nothing:
 * - USB identities are looked for in the enumeration (qzind/tray#293 on Windows for HID,
 *   serialport#2351 for serial);
 * - an open serial port's device node is checked: on Linux a hung-up tty (pty master closed, USB
 *   serial unplugged) answers reads with 0 bytes, which serialport 13's unixRead retries forever
 *   without emitting `close` or `error` (seen with socat under load), so only the vanished or
 *   replaced node tells.
 */

export type ConnectionTiming = {
  /** First retry delay; doubles per failed attempt (250 ms … 2 s per docs/scanners.md §3.3). */
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** How often an open USB-identified device is checked for in the enumeration; 0 disables. */
  watchdogMs: number;
  /** How often an open serial port's device node is checked (a stat, cheap); 0 disables. */
  nodeCheckMs: number;
  continuationTimeoutMs: number;
};

export const defaultConnectionTiming: ConnectionTiming = {
  initialBackoffMs: 250,
  maxBackoffMs: 2000,
  // Enumeration costs a USB scan (node-hid README), so not more often than this.
  watchdogMs: 3000,
  nodeCheckMs: 1000,
  continuationTimeoutMs: 200,
};

export type DeviceProblem = DriverProblem & { deviceKey: string };

export type ConnectionSink = {
  scan(event: ScanEvent): void;
  status(status: ScannerDeviceStatus): void;
  problem(problem: DeviceProblem): void;
};

export type DeviceConnection = {
  readonly key: string;
  start(): void;
  stop(): Promise<void>;
  status(): ScannerDeviceStatus;
};

type OpenFailure = {
  reason: Extract<ScannerStatusReason, 'not-found' | 'open-failed'>;
  detail: string;
  /** Enumeration worked and the device was not in it, as opposed to enumeration failing. */
  absent?: boolean;
};
type Opened = { driver: AttachedDriver; path: string };

export function createDeviceConnection(
  config: ScannerDeviceConfig,
  backends: { hid: HidBackend; serial: SerialBackend },
  sink: ConnectionSink,
  timing: ConnectionTiming = defaultConnectionTiming,
): DeviceConnection {
  let status: ScannerDeviceStatus = {
    deviceKey: config.key,
    kind: config.kind,
    label: config.label,
    state: 'closed',
    reason: config.enabled ? 'stopped' : 'disabled',
    attempt: 0,
    since: new Date().toISOString(),
  };
  let stopped = true;
  let session = 0;
  let attempt = 0;
  let opened: Opened | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let watchdogs: NodeJS.Timeout[] = [];

  const setStatus = (
    state: ScannerDeviceState,
    reason: ScannerStatusReason,
    extra: { detail?: string; path?: string; nextRetryAt?: string } = {},
  ): void => {
    status = {
      deviceKey: config.key,
      kind: config.kind,
      label: config.label,
      state,
      reason,
      attempt,
      since: new Date().toISOString(),
      ...extra,
    };
    sink.status(status);
  };

  const resolvePath = async (): Promise<Result<string, OpenFailure>> => {
    const identity = config.identity;
    if (identity.by === 'path') return ok(identity.path);
    if (config.kind === 'serial') {
      const ports = await backends.serial.list();
      if (!ports.ok) return err({ reason: 'not-found', detail: ports.error.detail });
      const port = findSerialPort(ports.value, identity);
      return port
        ? ok(port.path)
        : err({ reason: 'not-found', detail: 'no serial port with this USB identity', absent: true });
    }
    const devices = await backends.hid.devices();
    if (!devices.ok) return err({ reason: 'not-found', detail: devices.error.detail });
    const device = findHidInterface(devices.value, identity, config.kind);
    return device
      ? ok(device.path)
      : err({ reason: 'not-found', detail: 'no HID interface with this USB identity', absent: true });
  };

  const openAndAttach = async (
    path: string,
    driverSink: DriverSink,
  ): Promise<Result<AttachedDriver, OpenFailure>> => {
    switch (config.kind) {
      case 'hid-pos':
      case 'hid-keyboard': {
        const device = await backends.hid.open(path);
        if (!device.ok) return err({ reason: 'open-failed', detail: device.error.detail });
        return ok(
          config.kind === 'hid-pos'
            ? attachHidPosDriver(device.value, config, driverSink, {
                continuationTimeoutMs: timing.continuationTimeoutMs,
              })
            : attachHidKeyboardDriver(device.value, config, driverSink),
        );
      }
      case 'serial': {
        const { baudRate, dataBits, parity, stopBits } = config;
        const port = await backends.serial.open({ path, baudRate, dataBits, parity, stopBits });
        if (!port.ok) return err({ reason: 'open-failed', detail: port.error.detail });
        return ok(attachSerialDriver(port.value, config, driverSink));
      }
      default:
        return assertNever(config);
    }
  };

  const clearTimers = (): void => {
    if (retryTimer) clearTimeout(retryTimer);
    for (const watchdog of watchdogs) clearInterval(watchdog);
    retryTimer = undefined;
    watchdogs = [];
  };

  const scheduleRetry = (reason: ScannerStatusReason, detail: string): void => {
    // No jitter: this till alone retries its own port, and the settings screen shows the next try.
    const delay = backoffDelay(attempt, {
      baseMs: timing.initialBackoffMs,
      capMs: timing.maxBackoffMs,
      random: noJitter,
    });
    setStatus('lost', reason, { detail, nextRetryAt: new Date(Date.now() + delay).toISOString() });
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect();
    }, delay);
  };

  const lose = (mine: number, reason: ScannerStatusReason, detail: string): void => {
    if (stopped || mine !== session || !opened) return;
    const { driver } = opened;
    opened = undefined;
    session += 1;
    clearTimers();
    // The old handle is closed (errors reported as problems) before the first retry can reopen.
    void driver.close();
    attempt = 0;
    scheduleRetry(reason, detail);
  };

  /** Runs `check` every `everyMs` while this session is open, never two at once. */
  const watch = (everyMs: number, check: () => Promise<string | undefined>, mine: number): void => {
    if (everyMs <= 0) return;
    let checking = false;
    const timer = setInterval(() => {
      if (checking) return;
      checking = true;
      void check()
        .then((lostBecause) => {
          if (lostBecause !== undefined) lose(mine, 'watchdog', lostBecause);
        })
        .finally(() => {
          checking = false;
        });
    }, everyMs);
    watchdogs.push(timer);
  };

  const startWatchdogs = (mine: number, path: string, node: string | null): void => {
    if (config.identity.by === 'usb') {
      watch(
        timing.watchdogMs,
        async () => {
          const found = await resolvePath();
          // A failed enumeration is not proof of an unplug; only a missing or moved device is.
          return (found.ok ? found.value !== path : found.error.absent === true)
            ? 'device no longer enumerated'
            : undefined;
        },
        mine,
      );
    }
    if (config.kind === 'serial' && node !== null) {
      watch(
        timing.nodeCheckMs,
        async () =>
          (await backends.serial.locate(path)) === node
            ? undefined
            : `${path} is gone or now leads elsewhere`,
        mine,
      );
    }
  };

  const connect = async (): Promise<void> => {
    if (stopped) return;
    const mine = session;
    const path = await resolvePath();
    const driverSink: DriverSink = {
      scan: (event) => {
        if (mine === session && !stopped) sink.scan(event);
      },
      problem: (problem) => sink.problem({ ...problem, deviceKey: config.key }),
      lost: (loss) => lose(mine, loss.reason, loss.detail),
    };
    // The node is taken before opening, so a replacement between the two is caught by the check.
    const node = path.ok && config.kind === 'serial' ? await backends.serial.locate(path.value) : null;
    const attached = path.ok ? await openAndAttach(path.value, driverSink) : path;
    if (stopped || mine !== session) {
      if (attached.ok) await attached.value.close();
      return;
    }
    if (!attached.ok) {
      attempt += 1;
      scheduleRetry(attached.error.reason, attached.error.detail);
      return;
    }
    const openPath = path.ok ? path.value : '';
    opened = { driver: attached.value, path: openPath };
    attempt = 0;
    setStatus('open', 'opened', { path: openPath });
    startWatchdogs(mine, openPath, node);
  };

  return {
    key: config.key,
    start() {
      if (!config.enabled) {
        setStatus('closed', 'disabled');
        return;
      }
      if (!stopped) return;
      stopped = false;
      attempt = 0;
      setStatus('connecting', 'starting');
      void connect();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      session += 1;
      clearTimers();
      const current = opened;
      opened = undefined;
      if (current) await current.driver.close();
      attempt = 0;
      setStatus('closed', 'stopped');
    },
    status: () => status,
  };
}
