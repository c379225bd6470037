import { backoffDelay, noJitter } from '../../shared/domain/backoff';
import { parseScanEvent, parseScannerDeviceStatus, parseScannerSnapshot } from '../../shared/ipc/scanner';
import type { ScanEvent } from '../../shared/ipc/scanner';
import type { IncomingScan, ScanFeed, ScanFeedSink } from './scanStream';

/**
 * Scans from configured devices (HID POS, keyboard-mode HID, serial), which only the device
 * manager outside the page can read: in Electron over the preload bridge, in a plain browser over
 * the local store host's Server-Sent Events (tools/scanners/localBridge.ts). Everything that
 * arrives is checked with the shared schemas first.
 */

/**
 * The scanner part of the preload bridge (`OmniTillBridge` in shared/ipc/contract.ts), read
 * defensively: what crosses from main is re-validated here, so payloads are `unknown`, and every
 * member is optional, so a shell whose preload lacks them still runs (wedge scans only).
 */
export type ScannerBridgeApi = {
  onScan?(listener: (event: unknown) => void): () => void;
  onScannerStatus?(listener: (status: unknown) => void): () => void;
  scannerSnapshot?(): Promise<unknown>;
};

/** The preload's object when running in Electron, else undefined. */
export function scannerBridgeOf(win: Window): ScannerBridgeApi | undefined {
  const bridge: unknown = (win as Window & { omnitill?: unknown }).omnitill;
  return typeof bridge === 'object' && bridge !== null ? bridge : undefined;
}

export function toIncoming(event: ScanEvent): IncomingScan {
  return {
    id: event.id,
    origin: event.source,
    deviceKey: event.deviceKey,
    raw: event.raw,
    symbology: event.symbology,
    receivedAt: event.receivedAt,
  };
}

function report(what: string, error: string): void {
  // Bad frames are the device layer's bug, not the cashier's problem: logged, never thrown.
  console.warn(`scanner: ignored ${what}: ${error}`);
}

function applySnapshot(sink: ScanFeedSink, value: unknown): void {
  const snapshot = parseScannerSnapshot(value);
  if (!snapshot.ok) return report('device snapshot', snapshot.error);
  sink.snapshot(snapshot.value.devices, snapshot.value.recentScans.map(toIncoming));
}

function onScanValue(sink: ScanFeedSink, value: unknown): void {
  const event = parseScanEvent(value);
  if (event.ok) sink.scan(toIncoming(event.value));
  else report('scan', event.error);
}

function onStatusValue(sink: ScanFeedSink, value: unknown): void {
  const status = parseScannerDeviceStatus(value);
  if (status.ok) sink.status(status.value);
  else report('device status', status.error);
}

/** Device scans over Electron IPC. */
export function electronFeed(bridge: ScannerBridgeApi): ScanFeed {
  return (sink) => {
    if (typeof bridge.onScan !== 'function') {
      sink.link({ via: 'electron', state: 'unavailable', detail: 'no scanner channel in this app version' });
      return () => undefined;
    }
    const stops = [bridge.onScan((value) => onScanValue(sink, value))];
    if (typeof bridge.onScannerStatus === 'function') {
      stops.push(bridge.onScannerStatus((value) => onStatusValue(sink, value)));
    }
    let stopped = false;
    if (typeof bridge.scannerSnapshot === 'function') {
      bridge.scannerSnapshot().then(
        (value) => {
          if (!stopped) applySnapshot(sink, value);
        },
        (error: unknown) => report('device snapshot', String(error)),
      );
    }
    sink.link({ via: 'electron', state: 'open' });
    return () => {
      stopped = true;
      for (const stop of stops) stop();
    };
  };
}

/** The part of EventSource used here; tests pass a stand-in. */
export type EventSourceLike = {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: Event) => void): void;
  close(): void;
};

export type LocalHostFeedOptions = {
  /** The page's own origin: the store host serves the app and the scanner bridge together. */
  readonly origin: string;
  readonly openEvents?: (url: string) => EventSourceLike;
  readonly fetchJson?: (url: string) => Promise<unknown>;
  /** Reconnect delays after the stream failed for good (EventSource retries a dropped one itself). */
  readonly retryMs?: { readonly first: number; readonly max: number };
};

const CLOSED = 2;

/** Device scans over the local store host's Server-Sent Events, reconnecting on its own. */
export function localHostFeed(options: LocalHostFeedOptions): ScanFeed {
  const openEvents = options.openEvents ?? ((url: string) => new EventSource(url));
  const fetchJson =
    options.fetchJson ??
    (async (url: string): Promise<unknown> => {
      const response = await fetch(url, { cache: 'no-store' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.json() as Promise<unknown>;
    });
  const retry = options.retryMs ?? { first: 1000, max: 30_000 };
  const base = `${options.origin}/local/scanner`;

  return (sink) => {
    let source: EventSourceLike | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let stopped = false;

    const connect = (): void => {
      sink.link({ via: 'local-host', state: 'connecting' });
      const events = openEvents(`${base}/events`);
      source = events;
      events.addEventListener('open', () => {
        failures = 0;
        sink.link({ via: 'local-host', state: 'open' });
        // After a reconnect the snapshot brings statuses and the scans made while away (as past).
        fetchJson(`${base}/devices`).then(
          (value) => {
            if (!stopped && source === events) applySnapshot(sink, value);
          },
          (error: unknown) => report('device snapshot', String(error)),
        );
      });
      events.addEventListener('scan', (message) => onJson(message, (value) => onScanValue(sink, value)));
      events.addEventListener('status', (message) => onJson(message, (value) => onStatusValue(sink, value)));
      events.addEventListener('error', () => {
        if (stopped || source !== events) return;
        if (events.readyState !== CLOSED) return sink.link({ via: 'local-host', state: 'connecting' });
        // Refused for good (not served, wrong type): EventSource gives up, so we try again later.
        events.close();
        sink.link({ via: 'local-host', state: 'unavailable', detail: 'no scanner service on this host' });
        // No jitter: the scanner service is on this host, no other till waits on it.
        const delay = backoffDelay(failures++, { baseMs: retry.first, capMs: retry.max, random: noJitter });
        timer = setTimeout(connect, delay);
      });
    };

    connect();
    return () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      source?.close();
      source = undefined;
    };
  };
}

function onJson(message: Event, handle: (value: unknown) => void): void {
  const data = (message as MessageEvent<unknown>).data;
  if (typeof data !== 'string') return;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return report('event', 'not JSON');
  }
  handle(value);
}
