import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { ScannerManager } from '../../electron/hardware/deviceManager';
import {
  isLoopbackAddress,
  startScannerBridgeServer,
  type ScannerBridgeServer,
} from '../../tools/scanners/localBridge';
import { FakeHidBackend, FakeSerialBackend } from '../electron/hardware/fakeHardware';
import { rawRequest } from '../server/support/rawHttp';

/**
 * The scanner bridge decided who it served by the Host header alone, which any client sets: bound
 * to 0.0.0.0 (as the launcher does with HOST=0.0.0.0) it served a cashier's scans, loyalty cards
 * included, to anyone on the network who wrote `Host: 127.0.0.1`; and any loopback page origin,
 * not only the store app's, could read them. It now looks at the socket's own remote address and
 * accepts only its own origin.
 */
const bridges: ScannerBridgeServer[] = [];
afterEach(async () => {
  await Promise.all(bridges.splice(0).map((b) => b.close()));
});
const start = async (host: string) => {
  const manager = new ScannerManager({ hid: new FakeHidBackend(), serial: new FakeSerialBackend() });
  const bridge = await startScannerBridgeServer(manager, { host });
  bridges.push(bridge);
  return Number(new URL(bridge.url).port);
};
const get = (port: number, path: string, headers: string, via?: { host: string; localAddress: string }) =>
  rawRequest(port, `GET ${path} HTTP/1.1\r\n${headers}Connection: close\r\n\r\n`, via ?? {});

/** This machine's own non-loopback IPv4 address, if it has one. */
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a !== undefined && a.family === 'IPv4' && !a.internal)?.address;

describe('the scanner bridge', () => {
  it('knows loopback addresses in every form a socket reports them', () => {
    for (const a of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'])
      expect(isLoopbackAddress(a), a).toBe(true);
    for (const a of ['192.0.2.2', '::ffff:192.0.2.2', 'fd00::2', '::', '0.0.0.0', '128.0.0.1', undefined])
      expect(isLoopbackAddress(a), String(a)).toBe(false);
  });

  it.skipIf(lanAddress === undefined)(
    'refuses a connection from a non-loopback address, whatever Host and Origin it claims',
    async () => {
      const port = await start('0.0.0.0');
      const via = { host: lanAddress!, localAddress: lanAddress! };
      const forged = `Host: 127.0.0.1:${port}\r\nOrigin: http://127.0.0.1:${port}\r\n`;
      expect((await get(port, '/local/scanner/devices', forged, via)).status).toBe(403);
      expect((await get(port, '/local/scanner/events', forged, via)).status).toBe(403);
      // The same request from this machine is served.
      expect((await get(port, '/local/scanner/devices', forged)).status).toBe(200);
    },
  );

  it('refuses, from loopback, a forged Host and any origin but its own, on the event stream too', async () => {
    const port = await start('127.0.0.1');
    const own = `http://127.0.0.1:${port}`;
    const host = `Host: 127.0.0.1:${port}\r\n`;
    expect(
      (await get(port, '/local/scanner/events', `Host: rebind.example\r\nOrigin: ${own}\r\n`)).status,
    ).toBe(403);
    for (const origin of [
      'http://localhost:5173',
      `http://127.0.0.1:${port + 1}`,
      'https://evil.example',
      'null',
    ]) {
      expect((await get(port, '/local/scanner/events', `${host}Origin: ${origin}\r\n`)).status, origin).toBe(
        403,
      );
    }
    const post = await rawRequest(
      port,
      `POST /local/scanner/devices HTTP/1.1\r\n${host}Origin: http://localhost:5173\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
    );
    expect(post.status).toBe(403);
    expect((await get(port, '/local/scanner/devices', `${host}Origin: ${own}\r\n`)).status).toBe(200);
  });
});
