import { afterEach, describe, expect, it, vi } from 'vitest';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import type { ScanEvent, ScannerDeviceStatus } from '../../../shared/ipc/scanner';
import type { ScannerBridgeApi } from '../../../renderer/scanner/deviceFeeds';
import { electronFeed, localHostFeed, scannerBridgeOf } from '../../../renderer/scanner/deviceFeeds';
import type { ScanFeedSink } from '../../../renderer/scanner/scanStream';

const scanEvent = (raw: string): ScanEvent => ({
  id: uuidv7(),
  source: 'serial',
  deviceKey: 'front',
  raw,
  symbology: ']E0',
  receivedAt: new Date().toISOString(),
});

const deviceStatus: ScannerDeviceStatus = {
  deviceKey: 'front',
  kind: 'serial',
  label: 'Front scanner',
  state: 'open',
  reason: 'opened',
  attempt: 0,
  since: new Date().toISOString(),
};

function recordingSink() {
  const log = { scans: [] as string[], statuses: [] as string[], snapshots: 0, links: [] as string[] };
  const sink: ScanFeedSink = {
    scan: (event) => log.scans.push(`${event.origin}:${event.symbology ?? ''}${event.raw}`),
    snapshot: (devices, recent) => {
      log.snapshots += 1;
      log.statuses.push(...devices.map((d) => d.state));
      log.scans.push(...recent.map((e) => `past:${e.raw}`));
    },
    status: (status) => log.statuses.push(status.state),
    link: (link) => log.links.push(`${link.via}:${link.state}`),
  };
  return { log, sink };
}

/** An EventSource stand-in the test drives. */
class FakeEventSource {
  static opened: FakeEventSource[] = [];
  readyState = 0;
  closed = false;
  private readonly listeners = new Map<string, ((event: Event) => void)[]>();
  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }
  addEventListener(type: string, listener: (event: Event) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
  emit(type: string, data?: string): void {
    const event = data === undefined ? new Event(type) : new MessageEvent(type, { data });
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
}

afterEach(() => {
  FakeEventSource.opened = [];
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('device scans in Electron', () => {
  it('take scans and statuses from the bridge, checked, and the snapshot once', async () => {
    let onScan: ((value: unknown) => void) | undefined;
    let onStatus: ((value: unknown) => void) | undefined;
    const unsubscribe = vi.fn();
    const bridge: ScannerBridgeApi = {
      onScan: (listener) => ((onScan = listener), unsubscribe),
      onScannerStatus: (listener) => ((onStatus = listener), unsubscribe),
      scannerSnapshot: () => Promise.resolve({ devices: [deviceStatus], recentScans: [scanEvent('111')] }),
    };
    const { log, sink } = recordingSink();
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const stop = electronFeed(bridge)(sink);
    await vi.waitFor(() => expect(log.snapshots).toBe(1));
    onScan!(scanEvent('4601234567893'));
    onScan!({ ...scanEvent('x'), id: 'not-a-uuid' });
    onStatus!({ ...deviceStatus, state: 'lost', reason: 'disconnected' });
    onStatus!({ state: 'on fire' });
    expect(log.scans).toEqual(['past:111', 'serial:]E04601234567893']);
    expect(log.statuses).toEqual(['open', 'lost']);
    expect(log.links).toEqual(['electron:open']);
    stop();
    expect(unsubscribe).toHaveBeenCalledTimes(2);
  });

  it('say so when the app’s bridge has no scanner channel yet', () => {
    const { log, sink } = recordingSink();
    electronFeed({})(sink)();
    expect(log.links).toEqual(['electron:unavailable']);
    expect(scannerBridgeOf(window)).toBeUndefined();
  });
});

describe('device scans from the local store host', () => {
  it('subscribe to the page origin’s event stream and read the device snapshot on open', async () => {
    const fetchJson = vi.fn(() => Promise.resolve({ devices: [deviceStatus], recentScans: [] }));
    const { log, sink } = recordingSink();
    const stop = localHostFeed({
      origin: 'http://127.0.0.1:8788',
      openEvents: (url) => new FakeEventSource(url),
      fetchJson,
    })(sink);
    const events = FakeEventSource.opened[0]!;
    expect(events.url).toBe('http://127.0.0.1:8788/local/scanner/events');
    events.readyState = 1;
    events.emit('open');
    await vi.waitFor(() => expect(log.snapshots).toBe(1));
    expect(fetchJson).toHaveBeenCalledWith('http://127.0.0.1:8788/local/scanner/devices');
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    events.emit('status', JSON.stringify({ ...deviceStatus, state: 'lost', reason: 'disconnected' }));
    events.emit('scan', JSON.stringify(scanEvent('4601234567893')));
    events.emit('scan', '{broken');
    events.emit('scan', JSON.stringify({ raw: 'no id' }));
    expect(log.scans).toEqual(['serial:]E04601234567893']);
    expect(log.statuses).toEqual(['open', 'lost']);
    expect(log.links).toEqual(['local-host:connecting', 'local-host:open']);
    stop();
    expect(events.closed).toBe(true);
  });

  it('reconnects by itself, backing off, when the host refuses the stream for good', () => {
    vi.useFakeTimers();
    const { log, sink } = recordingSink();
    const stop = localHostFeed({
      origin: 'http://127.0.0.1:8788',
      openEvents: (url) => new FakeEventSource(url),
      fetchJson: () => Promise.resolve({ devices: [], recentScans: [] }),
      retryMs: { first: 100, max: 400 },
    })(sink);
    // A dropped connection that EventSource retries itself is only "connecting".
    FakeEventSource.opened[0]!.emit('error');
    expect(FakeEventSource.opened).toHaveLength(1);
    for (const wait of [100, 200, 400, 400]) {
      const current = FakeEventSource.opened.at(-1)!;
      current.readyState = 2;
      current.emit('error');
      vi.advanceTimersByTime(wait - 1);
      const before = FakeEventSource.opened.length;
      vi.advanceTimersByTime(1);
      expect(FakeEventSource.opened.length).toBe(before + 1);
    }
    expect(log.links).toContain('local-host:unavailable');
    FakeEventSource.opened.at(-1)!.readyState = 1;
    FakeEventSource.opened.at(-1)!.emit('open');
    expect(log.links.at(-1)).toBe('local-host:open');
    stop();
    vi.advanceTimersByTime(10_000);
    expect(FakeEventSource.opened.every((source, i, all) => source.closed || i === all.length - 1)).toBe(
      true,
    );
    expect(FakeEventSource.opened.at(-1)!.closed).toBe(true);
  });
});
