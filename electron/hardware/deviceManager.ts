import { EventEmitter } from 'node:events';
import type {
  ScanEvent,
  ScannerCandidate,
  ScannerConfig,
  ScannerDeviceStatus,
  ScannerSnapshot,
} from '../../shared/ipc/scanner';
import type { ConnectionTiming, DeviceConnection, DeviceProblem } from './deviceConnection';
import { createDeviceConnection, defaultConnectionTiming } from './deviceConnection';
import { hidCandidates, serialCandidates } from './deviceDiscovery';
import type { BackendError, HidBackend, SerialBackend } from './hardwareBackends';
import { createNodeHidBackend } from './nodeHidBackend';
import { createSerialPortBackend } from './serialPortBackend';

/**
 * All configured scanners of one till: one DeviceConnection per device, their scans merged into
 * one typed event stream, statuses and the last scans kept for the settings screen (docs/scanners.md
 * §3.3: the device list and states are visible in settings).
 */

export type ScannerManagerEvents = {
  scan: [event: ScanEvent];
  status: [status: ScannerDeviceStatus];
  /** Diagnostics: dropped half messages, bad reports, close failures. Never a reason to crash. */
  problem: [problem: DeviceProblem];
};

export type ScannerManagerOptions = {
  /** Injected in tests; node-hid and serialport (loaded on first use) otherwise. */
  hid?: HidBackend;
  serial?: SerialBackend;
  timing?: Partial<ConnectionTiming>;
};

export const RECENT_SCAN_LIMIT = 20;

export type Enumeration = { candidates: ScannerCandidate[]; problems: BackendError[] };

export class ScannerManager extends EventEmitter<ScannerManagerEvents> {
  private readonly hid: HidBackend;
  private readonly serial: SerialBackend;
  private readonly timing: ConnectionTiming;
  private readonly connections = new Map<string, { connection: DeviceConnection; fingerprint: string }>();
  private readonly recent: ScanEvent[] = [];
  /** Config changes apply one at a time, in order, so a device is never opened twice. */
  private queue: Promise<void> = Promise.resolve();

  constructor(options: ScannerManagerOptions = {}) {
    super();
    this.hid = options.hid ?? createNodeHidBackend();
    this.serial = options.serial ?? createSerialPortBackend();
    this.timing = { ...defaultConnectionTiming, ...options.timing };
  }

  /**
   * Opens what the configuration lists, closes what it no longer lists, and reopens only devices
   * whose settings changed; a scanner untouched by a settings change stays open.
   */
  applyConfig(config: ScannerConfig): Promise<void> {
    const run = async (): Promise<void> => {
      const wanted = new Map(config.devices.map((device) => [device.key, device]));
      for (const [key, entry] of [...this.connections]) {
        const next = wanted.get(key);
        if (next && JSON.stringify(next) === entry.fingerprint) continue;
        this.connections.delete(key);
        await entry.connection.stop();
      }
      for (const device of config.devices) {
        if (this.connections.has(device.key)) continue;
        const connection = createDeviceConnection(
          device,
          { hid: this.hid, serial: this.serial },
          {
            scan: (event) => this.record(event),
            status: (status) => this.emit('status', status),
            problem: (problem) => this.emit('problem', problem),
          },
          this.timing,
        );
        this.connections.set(device.key, { connection, fingerprint: JSON.stringify(device) });
        connection.start();
      }
    };
    this.queue = this.queue.then(run, run);
    return this.queue;
  }

  /** Closes every device; the manager can be started again with applyConfig. */
  stop(): Promise<void> {
    return this.applyConfig({ version: 1, devices: [] });
  }

  statuses(): ScannerDeviceStatus[] {
    return [...this.connections.values()].map((entry) => entry.connection.status());
  }

  /** The last scans, oldest first. */
  recentScans(): ScanEvent[] {
    return [...this.recent];
  }

  snapshot(): ScannerSnapshot {
    return { devices: this.statuses(), recentScans: this.recentScans() };
  }

  /** Devices the settings screen can offer; a backend that cannot list is reported, not thrown. */
  async enumerate(): Promise<Enumeration> {
    const [hid, serial] = await Promise.all([this.hid.devices(), this.serial.list()]);
    const candidates: ScannerCandidate[] = [];
    const problems: BackendError[] = [];
    if (hid.ok) candidates.push(...hidCandidates(hid.value));
    else problems.push(hid.error);
    if (serial.ok) candidates.push(...serialCandidates(serial.value));
    else problems.push(serial.error);
    return { candidates, problems };
  }

  private record(event: ScanEvent): void {
    this.recent.push(event);
    if (this.recent.length > RECENT_SCAN_LIMIT) this.recent.shift();
    this.emit('scan', event);
  }
}
