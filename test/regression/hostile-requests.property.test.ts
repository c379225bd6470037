import { mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScannerManager } from '../../electron/hardware/deviceManager';
import { createHttpServer } from '../../server/http';
import { startScannerBridgeServer, type ScannerBridgeServer } from '../../tools/scanners/localBridge';
import { startStoreHost, type StoreHost } from '../../tools/storeHost';
import { FakeHidBackend, FakeSerialBackend } from '../electron/hardware/fakeHardware';
import { setUpChain } from '../server/support/chain';
import { openTestDb, type TestDb } from '../server/support/databases';
import { rawRequest } from '../server/support/rawHttp';

/**
 * Whatever bytes a client sends, each of the three HTTP listeners (the server, the browser-mode
 * store host, the scanner bridge) answers it with something other than a server error, or drops
 * the connection, and is still answering afterwards.
 */
const methods = fc.constantFrom(
  'GET',
  'POST',
  'PUT',
  'DELETE',
  'OPTIONS',
  'HEAD',
  'PATCH',
  'BREW',
  'G T',
  'GET\u0000',
);
const knownPaths = fc.constantFrom(
  '/',
  '//',
  '//[',
  '/%',
  '/hq/%',
  '/assets/%',
  '/trpc/%',
  '/trpc/',
  '/trpc/sync.push',
  '/trpc/sync.pull?input=%',
  '/trpc/sync.pull?input={"cursor":"99999999999999999999.1"}',
  '/trpc/sync.push,sync.push?batch=1',
  '/trpc/device.enroll',
  '/trpc/device.me',
  '/trpc/hq.login',
  '/trpc/nope.nope',
  '/local/scanner/devices',
  '/local/scanner/%',
  '/local/config',
  '/healthz',
  '*',
  'http://elsewhere/hq/',
  '/hq/..%2f..%2fpackage.json',
  '/hq/%00',
);
const pathChars = fc.constantFrom(
  '/',
  '%',
  'a',
  '.',
  '?',
  '#',
  '[',
  ']',
  ',',
  '0',
  'E',
  '\u00e9',
  '\ud83d\ude00',
  '\u0001',
);
const paths = fc.oneof(
  knownPaths,
  fc.tuple(knownPaths, fc.array(pathChars, { maxLength: 12 })).map(([p, rest]) => p + rest.join('')),
);
const deep = '['.repeat(4000) + ']'.repeat(4000);
const bodies = fc.oneof(
  fc.constantFrom(
    '',
    '{',
    '{"0":',
    'null',
    '[]',
    '"x"',
    '{"deviceId":1,"ops":"x"}',
    deep,
    'x'.repeat(100_000),
  ),
  fc.json(),
  fc.string(),
);
const headerSets = fc.subarray(
  [
    'Host: a\r\nHost: b\r\n',
    'Content-Length: 5\r\nContent-Length: 7\r\n',
    'Content-Length: abc\r\n',
    'Content-Length: -1\r\n',
    'Content-Type: application/json\r\n',
    'Content-Type: application/json; charset=ebcdic\r\n',
    'Content-Type: text/plain\r\n',
    'Content-Type: multipart/form-data; boundary=x\r\n',
    `X-Huge: ${'h'.repeat(20_000)}\r\n`,
    'Origin: https://evil.example\r\n',
    'Origin: null\r\n',
    'Authorization: Bearer otd_forged\r\n',
    'Authorization: Bearer\r\n',
    'Cookie: omnitill_session=%\r\n',
    'Cookie: omnitill_session=%E0%A4%A\r\n',
    'Transfer-Encoding: chunked\r\n',
    'Bad Header\r\n',
  ],
  { maxLength: 4 },
);
const requests = fc.record({ method: methods, path: paths, headers: headerSets, body: bodies });

type HostileRequest = { method: string; path: string; headers: string[]; body: unknown };

function bytesOf(r: HostileRequest) {
  const body = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
  const declared = r.headers.some((h) => /^(Content-Length|Transfer-Encoding):/.test(h));
  const length = declared ? '' : `Content-Length: ${Buffer.byteLength(body)}\r\n`;
  return Buffer.from(
    `${r.method} ${r.path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${r.headers.join('')}${length}Connection: close\r\n\r\n${body}`,
  );
}

let t: TestDb;
let server: Server;
let host: StoreHost;
let bridge: ScannerBridgeServer;
const ports = { server: 0, host: 0, bridge: 0 };
beforeAll(async () => {
  const pages = mkdtempSync(join(tmpdir(), 'omnitill-pages-'));
  writeFileSync(join(pages, 'index.html'), '<div id="root"></div>');
  t = await openTestDb('sqlite');
  await setUpChain(t.db);
  server = createHttpServer({ db: t.db, rendererDist: pages });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  ports.server = (server.address() as AddressInfo).port;
  host = await startStoreHost({ rendererDist: pages, port: 0, serverUrl: 'http://127.0.0.1:1' });
  ports.host = Number(new URL(host.url).port);
  const manager = new ScannerManager({ hid: new FakeHidBackend(), serial: new FakeSerialBackend() });
  bridge = await startScannerBridgeServer(manager, { heartbeatMs: 60_000 });
  ports.bridge = Number(new URL(bridge.url).port);
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await host.close();
  await bridge.close();
  await t.dispose();
});

const stillAnswering = {
  server: '/healthz',
  host: '/local/config',
  bridge: '/local/scanner/devices',
} as const;

describe.each(['server', 'host', 'bridge'] as const)('hostile requests to the %s', (target) => {
  it('never get a server error and never stop it', async () => {
    await fc.assert(
      fc.asyncProperty(requests, async (request) => {
        // An event stream stays open by design: its status line is all there is to read.
        const answer = await rawRequest(ports[target], bytesOf(request), { timeoutMs: 2000 });
        expect(answer.status === null || answer.status < 500, answer.head.split('\r\n')[0]).toBe(true);
        const probe = await rawRequest(
          ports[target],
          `GET ${stillAnswering[target]} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
        );
        expect(probe.status).toBe(200);
      }),
      { numRuns: 150 },
    );
  });
});
