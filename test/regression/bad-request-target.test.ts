import { mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ScannerManager } from '../../electron/hardware/deviceManager';
import { createHttpServer } from '../../server/http';
import { startScannerBridgeServer, type ScannerBridgeServer } from '../../tools/scanners/localBridge';
import { startStoreHost, type StoreHost } from '../../tools/storeHost';
import { FakeHidBackend, FakeSerialBackend } from '../electron/hardware/fakeHardware';
import { rawGet } from '../server/support/rawHttp';
import { openTestDb, type TestDb } from '../server/support/databases';

/**
 * `new URL(req.url, base)` throws on a request target such as `//` (an empty authority), and a
 * throw in a request listener ends the process: one request stopped the server, the store host
 * and the scanner bridge with it. Every listener now answers such a target 400, and a handler
 * that throws is answered 500 while the process goes on.
 */
const pages = () => {
  const dir = mkdtempSync(join(tmpdir(), 'omnitill-pages-'));
  writeFileSync(join(dir, 'index.html'), '<div id="root"></div>');
  return dir;
};
const portOf = (url: string) => Number(new URL(url).port);
/** A device manager with no devices: the bridge's paths answer, no hardware is involved. */
const idleFeed = () => new ScannerManager({ hid: new FakeHidBackend(), serial: new FakeSerialBackend() });

let t: TestDb | undefined;
let server: Server | undefined;
let host: StoreHost | undefined;
let bridge: ScannerBridgeServer | undefined;
afterEach(async () => {
  if (server) {
    server.closeAllConnections();
    await new Promise((resolve) => server!.close(resolve));
  }
  await host?.close();
  await bridge?.close();
  await t?.dispose();
  [t, server, host, bridge] = [undefined, undefined, undefined, undefined];
});

describe('a request target that is not a path', () => {
  it('gets 400 from the server, which keeps answering', async () => {
    t = await openTestDb('sqlite');
    server = createHttpServer({ db: t.db, rendererDist: pages() });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    for (const target of ['//', '//[', '/hq/%', '/assets/%', '/hq/%E0%A4%A']) {
      expect((await rawGet(port, target)).status, target).toBe(400);
    }
    expect((await rawGet(port, '/healthz')).status).toBe(200);
  });

  it('gets 400 from the store host, which keeps serving the store app', async () => {
    host = await startStoreHost({ rendererDist: pages(), port: 0 });
    for (const target of ['//', '/%', '//[']) {
      expect((await rawGet(portOf(host.url), target)).status, target).toBe(400);
    }
    expect(await (await fetch(`${host.url}/`)).text()).toContain('<div id="root">');
  });

  it('gets 400 from the scanner bridge, which keeps serving scans', async () => {
    bridge = await startScannerBridgeServer(idleFeed());
    for (const target of ['//', '/%', '/local/scanner/%']) {
      expect((await rawGet(portOf(bridge.url), target)).status, target).toBe(400);
    }
    expect((await fetch(`${bridge.url}/local/scanner/devices`)).status).toBe(200);
  });
});

describe('a handler that fails', () => {
  it('answers that request 500 with a generic message; the store host goes on', async () => {
    host = await startStoreHost({
      rendererDist: pages(),
      port: 0,
      handle: (req) => {
        if (req.url === '/throws') throw new Error('secret detail of a bug');
        return false;
      },
    });
    const failed = await fetch(`${host.url}/throws`);
    expect(failed.status).toBe(500);
    expect(await failed.text()).not.toContain('secret');
    expect(await (await fetch(`${host.url}/`)).text()).toContain('<div id="root">');
  });
});
