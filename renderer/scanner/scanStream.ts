import { classifyScan } from '../../shared/barcode';
import type { Scan, ScanConfig } from '../../shared/barcode';
import { uuidv7 } from '../../shared/domain/uuidv7';
import type { ScannerDeviceStatus, ScanSource } from '../../shared/ipc/scanner';

/**
 * Every scan the store app gets, from wherever it came (Electron's device manager, the local store
 * host's event stream, a keyboard-wedge scanner, or a person typing a code), as one stream: each
 * scan classified by the one barcode grammar exactly once, delivered once however many paths
 * carried it, and kept in a short log with the devices' states for the settings screen.
 */

/** Where a scan came from: a configured device's transport, the wedge detector, or the scan box. */
export type ScanOrigin = ScanSource | 'wedge' | 'typed';

export type StreamScan = {
  /** UUIDv7: the device manager's for device scans, made here for wedge and typed ones. */
  readonly id: string;
  readonly origin: ScanOrigin;
  readonly deviceKey?: string;
  /** Data as the transport framed it, GS included; an in-band AIM identifier stays in front. */
  readonly raw: string;
  /** An AIM identifier the transport delivered apart from the data. */
  readonly symbology?: string;
  readonly receivedAt: string;
  /** The barcode grammar's reading, made once when the scan entered the stream. */
  readonly scan: Scan;
  /** Scanned before this page was listening (from a device snapshot): logged, never acted on. */
  readonly past: boolean;
};

export type IncomingScan = Omit<StreamScan, 'scan' | 'past'>;

export type LinkState = {
  /** How device scans reach this page. */
  readonly via: 'electron' | 'local-host' | 'none';
  readonly state: 'connecting' | 'open' | 'unavailable';
  readonly detail?: string;
};

/** What a feed reports into the stream. */
export type ScanFeedSink = {
  scan(event: IncomingScan): void;
  /** A device snapshot: every device's status and the scans it already had. */
  snapshot(devices: readonly ScannerDeviceStatus[], recentScans: readonly IncomingScan[]): void;
  status(status: ScannerDeviceStatus): void;
  link(state: LinkState): void;
};

/** A source of scans: starts when called, stops with the function it returns. */
export type ScanFeed = (sink: ScanFeedSink) => () => void;

export type ScanStreamState = {
  readonly devices: readonly ScannerDeviceStatus[];
  /** Newest first. */
  readonly recent: readonly StreamScan[];
  readonly link: LinkState;
};

export type ScanListener = (scan: StreamScan) => void;

export type ScanStreamOptions = {
  readonly config: () => ScanConfig;
  readonly feeds: readonly ScanFeed[];
  readonly recentLimit?: number;
  /**
   * A keyboard-mode scanner that the device manager reads through hidraw is also typed by the
   * kernel (docs/scanners.md §3.2, Linux), so the same code arrives twice with different ids. The same
   * data from the wedge and a `hid-keyboard` device within this window is one scan.
   */
  readonly echoWindowMs?: number;
  readonly now?: () => number;
};

/** Plain functions, not methods, so React can take `subscribe` and `getState` as they are. */
export type ScanStream = {
  readonly start: () => void;
  readonly stop: () => void;
  /** A code typed by a person (or a test): classified and delivered like any scan. */
  readonly submit: (raw: string, origin: 'typed' | 'wedge') => StreamScan | undefined;
  readonly subscribe: (listener: ScanListener) => () => void;
  readonly subscribeState: (listener: () => void) => () => void;
  readonly getState: () => ScanStreamState;
  readonly config: () => ScanConfig;
};

const SEEN_LIMIT = 1000;

const ECHO_PAIRS: ReadonlySet<string> = new Set(['wedge>hid-keyboard', 'hid-keyboard>wedge']);

export function createScanStream(options: ScanStreamOptions): ScanStream {
  const recentLimit = options.recentLimit ?? 30;
  const echoWindowMs = options.echoWindowMs ?? 500;
  const now = options.now ?? Date.now;
  const listeners = new Set<ScanListener>();
  const stateListeners = new Set<() => void>();
  const seen = new Set<string>();
  const echoes: { key: string; origin: ScanOrigin; at: number }[] = [];
  const devices = new Map<string, ScannerDeviceStatus>();
  let state: ScanStreamState = { devices: [], recent: [], link: { via: 'none', state: 'unavailable' } };
  let stops: (() => void)[] | undefined;

  const publish = (next: Partial<ScanStreamState>): void => {
    state = { ...state, ...next };
    for (const listener of stateListeners) listener();
  };

  const remember = (id: string): boolean => {
    if (seen.has(id)) return false;
    seen.add(id);
    if (seen.size > SEEN_LIMIT) seen.delete(seen.values().next().value as string);
    return true;
  };

  const isEcho = (event: IncomingScan, at: number): boolean => {
    const key = `${event.symbology ?? ''}${event.raw}`;
    while (echoes.length > 0 && at - echoes[0]!.at > echoWindowMs) echoes.shift();
    const echo = echoes.some((e) => e.key === key && ECHO_PAIRS.has(`${e.origin}>${event.origin}`));
    echoes.push({ key, origin: event.origin, at });
    return echo;
  };

  const accept = (event: IncomingScan, past: boolean): StreamScan | undefined => {
    if (!remember(event.id)) return undefined;
    if (!past && isEcho(event, now())) return undefined;
    const config = options.config();
    const scan =
      event.symbology === undefined
        ? classifyScan(event.raw, config)
        : classifyScan(event.raw, config, { symbology: event.symbology });
    const entry: StreamScan = { ...event, scan, past };
    const recent = [entry, ...state.recent]
      .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))
      .slice(0, recentLimit);
    publish({ recent });
    if (!past) {
      for (const listener of [...listeners]) {
        try {
          listener(entry);
        } catch (error) {
          // One screen's bug must not keep the scan from the others.
          console.error('scan listener failed', error);
        }
      }
    }
    return entry;
  };

  const publishDevices = (): void => publish({ devices: [...devices.values()] });

  const sink: ScanFeedSink = {
    scan: (event) => void accept(event, false),
    snapshot(statuses, recentScans) {
      devices.clear();
      for (const status of statuses) devices.set(status.deviceKey, status);
      publishDevices();
      for (const event of recentScans) accept(event, true);
    },
    status(status) {
      devices.set(status.deviceKey, status);
      publishDevices();
    },
    link: (link) => publish({ link }),
  };

  return {
    start() {
      if (stops !== undefined) return;
      stops = options.feeds.map((feed) => feed(sink));
    },
    stop() {
      for (const stop of stops ?? []) stop();
      stops = undefined;
    },
    submit(raw, origin) {
      if (raw.length === 0) return undefined;
      return accept({ id: uuidv7(), origin, raw, receivedAt: new Date(now()).toISOString() }, false);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    subscribeState(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    getState: () => state,
    config: options.config,
  };
}
