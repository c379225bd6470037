import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseScanEvent } from '../../../shared/ipc/scanner';
import type { LocalScanners } from '../../../tools/scanners/localScanners';
import { startLocalScanners } from '../../../tools/scanners/localScanners';
import { scannerConfigPath } from '../../../electron/hardware/scannerConfigStore';
import { simulateScan } from '../../../tools/scanners/simulateScan';
import { FakeHidBackend } from '../../electron/hardware/fakeHardware';
import { requireSocat, tempDir, waitFor } from '../../electron/hardware/socatHarness';
import { openEvents } from '../../electron/hardware/sseClient';

const started: LocalScanners[] = [];
const servers: http.Server[] = [];
const dirs: string[] = [];

beforeAll(() => requireSocat());

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await Promise.all(started.splice(0).map((s) => s.close()));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('local scanners as npm start runs them', () => {
  it('carries `npm run scan` through the demo scanner to a browser subscribed over SSE', async () => {
    const dataDir = await tempDir();
    dirs.push(dataDir);
    const scanners = await startLocalScanners({
      dataDir,
      demo: true,
      manager: { hid: new FakeHidBackend() },
    });
    started.push(scanners);
    expect(scanners.demoError).toBeUndefined();
    // The store host hands its requests to the bridge first, as tools/storeHost.ts's `handle` does.
    const server = http.createServer((req, res) => {
      if (!scanners.bridge.handle(req, res)) res.writeHead(404).end();
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await waitFor(
      () => (scanners.manager.statuses()[0]?.state === 'open' ? true : undefined),
      'the demo scanner',
    );

    // The store app's page, served by this same host: the only origin the bridge lets read.
    const stream = await openEvents(`http://127.0.0.1:${port}/local/scanner/events`, {
      origin: `http://127.0.0.1:${port}`,
    });
    await waitFor(() => stream.messages.find((m) => m.event === 'status'), 'the status');
    expect(await simulateScan({ code: '0104600000000003215abc\x1d93dGVz', dataDir })).toMatchObject({
      ok: true,
    });
    const message = await waitFor(() => stream.messages.find((m) => m.event === 'scan'), 'the scan');
    const scan = parseScanEvent(JSON.parse(message.data));
    expect(scan.ok && scan.value).toMatchObject({
      source: 'serial',
      deviceKey: 'demo-serial',
      raw: '0104600000000003215abc\x1d93dGVz',
    });
    await stream.close();
  });

  it('starts with defaults and reports a corrupt saved configuration', async () => {
    const dataDir = await tempDir();
    dirs.push(dataDir);
    await mkdir(dataDir, { recursive: true });
    await writeFile(scannerConfigPath(dataDir), 'not json');
    const scanners = await startLocalScanners({ dataDir, manager: { hid: new FakeHidBackend() } });
    started.push(scanners);
    expect(scanners.config.devices).toEqual([]);
    expect(scanners.configError?.kind).toBe('invalid-json');
  });
});
