import { demoCardNumber } from '../../../server/seed/demoData';
import { describe, expect, it, vi } from 'vitest';
import { defaultScanConfig } from '../../../shared/barcode';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import type { ScannerDeviceStatus } from '../../../shared/ipc/scanner';
import type { IncomingScan, ScanFeedSink, StreamScan } from '../../../renderer/scanner/scanStream';
import { createScanStream } from '../../../renderer/scanner/scanStream';

const CARD = demoCardNumber(1);
const GTIN = '4601234567893';

/** A feed the test drives by hand. */
function manualFeed() {
  let sink: ScanFeedSink | undefined;
  const stop = vi.fn();
  return {
    feed: (s: ScanFeedSink) => {
      sink = s;
      return stop;
    },
    stop,
    get sink(): ScanFeedSink {
      if (sink === undefined) throw new Error('feed not started');
      return sink;
    },
  };
}

function incoming(raw: string, extra: Partial<IncomingScan> = {}): IncomingScan {
  return {
    id: uuidv7(),
    origin: 'serial',
    deviceKey: 'front',
    raw,
    receivedAt: new Date().toISOString(),
    ...extra,
  };
}

const status = (state: ScannerDeviceStatus['state']): ScannerDeviceStatus => ({
  deviceKey: 'front',
  kind: 'serial',
  state,
  reason: state === 'open' ? 'opened' : 'disconnected',
  attempt: 0,
  since: new Date().toISOString(),
});

function setup(now = () => 1_000) {
  const a = manualFeed();
  const b = manualFeed();
  const stream = createScanStream({ config: () => defaultScanConfig, feeds: [a.feed, b.feed], now });
  const got: StreamScan[] = [];
  stream.subscribe((scan) => got.push(scan));
  stream.start();
  return { a, b, stream, got };
}

describe('the scan stream', () => {
  it('classifies each scan once and delivers the same reading to every subscriber', () => {
    const a = manualFeed();
    const config = vi.fn(() => defaultScanConfig);
    const stream = createScanStream({ config, feeds: [a.feed] });
    const [first, second]: StreamScan[][] = [[], []];
    stream.subscribe((scan) => first!.push(scan));
    stream.subscribe((scan) => second!.push(scan));
    stream.start();
    a.sink.scan(incoming(CARD));
    expect(first![0]!.scan).toMatchObject({ kind: 'card', number: CARD, scheme: 'store-card' });
    expect(second![0]).toBe(first![0]);
    expect(stream.getState().recent[0]).toBe(first![0]);
    expect(config).toHaveBeenCalledTimes(1);
  });

  it('passes a transport’s AIM identifier to the grammar', () => {
    const { a, got } = setup();
    a.sink.scan(incoming(GTIN, { symbology: ']E0' }));
    expect(got[0]!.scan).toMatchObject({ kind: 'product', gtin: `0${GTIN}`, symbology: { id: ']E0' } });
  });

  it('delivers a scan once however many feeds carry it', () => {
    const { a, b, stream, got } = setup();
    const scan = incoming(GTIN);
    a.sink.scan(scan);
    b.sink.scan(scan);
    a.sink.snapshot([], [scan]);
    expect(got).toHaveLength(1);
    expect(stream.getState().recent).toHaveLength(1);
  });

  it('logs scans from a device snapshot as past and never acts on them', () => {
    const { a, stream, got } = setup();
    a.sink.snapshot([status('open')], [incoming(CARD), incoming(GTIN)]);
    expect(got).toEqual([]);
    expect(stream.getState().recent.map((s) => [s.raw, s.past])).toEqual(
      expect.arrayContaining([
        [CARD, true],
        [GTIN, true],
      ]),
    );
    expect(stream.getState().devices.map((d) => d.state)).toEqual(['open']);
  });

  it('keeps every device’s latest status', () => {
    const { a, stream } = setup();
    const seen: number[] = [];
    stream.subscribeState(() => seen.push(stream.getState().devices.length));
    a.sink.status(status('open'));
    a.sink.status(status('lost'));
    a.sink.status({ ...status('open'), deviceKey: 'back' });
    expect(stream.getState().devices.map((d) => [d.deviceKey, d.state])).toEqual([
      ['front', 'lost'],
      ['back', 'open'],
    ]);
    expect(seen).toEqual([1, 1, 2]);
  });

  it('treats the kernel typing a hidraw-read keyboard scanner as the same scan (Linux echo)', () => {
    let now = 1_000;
    const { a, b, got } = setup(() => now);
    a.sink.scan(incoming(CARD, { origin: 'hid-keyboard' }));
    now += 40;
    b.sink.scan(incoming(CARD, { origin: 'wedge', deviceKey: undefined }));
    expect(got).toHaveLength(1);
    now += 2_000;
    b.sink.scan(incoming(CARD, { origin: 'wedge', deviceKey: undefined }));
    // Two scans of one code through different serial scanners are two scans.
    a.sink.scan(incoming(GTIN));
    a.sink.scan(incoming(GTIN));
    expect(got.map((s) => s.origin)).toEqual(['hid-keyboard', 'wedge', 'serial', 'serial']);
  });

  it('takes typed codes like scans, keeps the log newest first and bounded', () => {
    const a = manualFeed();
    const stream = createScanStream({ config: () => defaultScanConfig, feeds: [a.feed], recentLimit: 3 });
    const got: StreamScan[] = [];
    stream.subscribe((scan) => got.push(scan));
    stream.start();
    expect(stream.submit('', 'typed')).toBeUndefined();
    for (const code of ['1', '2', '3', '4']) stream.submit(code, 'typed');
    expect(got.map((s) => s.raw)).toEqual(['1', '2', '3', '4']);
    expect(got[0]!.scan).toMatchObject({ kind: 'unknown', reason: 'unrecognized' });
    expect(stream.getState().recent.map((s) => s.raw)).toEqual(['4', '3', '2']);
  });

  it('keeps delivering when one subscriber throws', () => {
    const { a, stream, got } = setup();
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    stream.subscribe(() => {
      throw new Error('screen bug');
    });
    const late: StreamScan[] = [];
    stream.subscribe((scan) => late.push(scan));
    a.sink.scan(incoming(GTIN));
    expect(got).toHaveLength(1);
    expect(late).toHaveLength(1);
    expect(error).toHaveBeenCalled();
    error.mockRestore();
  });

  it('starts its feeds once and stops them all; unsubscribed listeners hear nothing', () => {
    const a = manualFeed();
    const start = vi.fn(a.feed);
    const stream = createScanStream({ config: () => defaultScanConfig, feeds: [start] });
    const got: StreamScan[] = [];
    const unsubscribe = stream.subscribe((scan) => got.push(scan));
    stream.start();
    stream.start();
    expect(start).toHaveBeenCalledTimes(1);
    unsubscribe();
    a.sink.scan(incoming(GTIN));
    expect(got).toEqual([]);
    stream.stop();
    expect(a.stop).toHaveBeenCalledTimes(1);
    stream.start();
    expect(start).toHaveBeenCalledTimes(2);
  });

  it('reports how device scans reach the page', () => {
    const { a, stream } = setup();
    expect(stream.getState().link).toMatchObject({ via: 'none' });
    a.sink.link({ via: 'local-host', state: 'open' });
    expect(stream.getState().link).toEqual({ via: 'local-host', state: 'open' });
  });
});
