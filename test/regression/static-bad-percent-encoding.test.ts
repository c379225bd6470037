import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../server/http';
import { startStoreHost, type StoreHost } from '../../tools/storeHost';
import { openTestDb, type TestDb } from '../server/support/databases';

/**
 * A request path that is not valid percent-encoding (`%E0%A4%A`) made decodeURIComponent throw
 * inside the request handler: the server and the store host each crashed on one bad URL. Both
 * serve files through server/staticFiles.ts now, which answers 400.
 */
function builtPages(): string {
  const dir = mkdtempSync(join(tmpdir(), 'omnitill-pages-'));
  mkdirSync(join(dir, 'hq', 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<div id="root"></div>');
  writeFileSync(join(dir, 'hq', 'index.html'), '<title>OmniTill HQ</title>');
  return dir;
}

let t: TestDb | undefined;
let server: Server | undefined;
let host: StoreHost | undefined;
afterEach(async () => {
  if (server) {
    server.closeAllConnections();
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
  }
  await host?.close();
  host = undefined;
  await t?.dispose();
  t = undefined;
});

describe('a path with malformed percent-encoding', () => {
  it('gets 400 from the server, which keeps serving HQ and health', async () => {
    t = await openTestDb('sqlite');
    server = createHttpServer({ db: t.db, rendererDist: builtPages() });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    expect((await fetch(`${base}/hq/%E0%A4%A`)).status).toBe(400);
    expect((await fetch(`${base}/assets/%zz.js`)).status).toBe(400);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const hq = await fetch(`${base}/hq/`);
    expect(await hq.text()).toContain('OmniTill HQ');
    // Outside the folder, encoded or not, is simply not there.
    expect((await fetch(`${base}/hq/..%2f..%2fpackage.json`)).status).toBe(404);
  });

  it('gets 400 from the store host, which keeps serving the store app', async () => {
    host = await startStoreHost({ rendererDist: builtPages(), port: 0, serverUrl: 'http://127.0.0.1:1' });
    expect((await fetch(`${host.url}/%E0%A4%A`)).status).toBe(400);
    expect(await (await fetch(`${host.url}/`)).text()).toContain('<div id="root">');
    expect(await (await fetch(`${host.url}/local/config`)).json()).toEqual({
      serverUrl: 'http://127.0.0.1:1',
    });
    expect((await fetch(`${host.url}/..%2f..%2fetc%2fpasswd`)).status).toBe(404);
  });
});
