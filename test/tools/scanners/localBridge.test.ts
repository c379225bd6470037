import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScannerDeviceStatus } from '../../../shared/ipc/scanner';
import { parseScanEvent, parseScannerDeviceStatus, parseScannerSnapshot } from '../../../shared/ipc/scanner';
import { ScannerManager } from '../../../electron/hardware/deviceManager';
import type { ScannerBridgeServer } from '../../../tools/scanners/localBridge';
import { createScannerBridge, startScannerBridgeServer } from '../../../tools/scanners/localBridge';
import { FakeHidBackend, FakeSerialBackend, HONEYWELL_POS } from '../../electron/hardware/fakeHardware';
import { MARKING_CODE, honeywellReports } from '../../electron/hardware/hidPosFixtures';
import { openEvents } from '../../electron/hardware/sseClient';
import { waitFor } from '../../electron/hardware/socatHarness';

const servers: ScannerBridgeServer[] = [];
const managers: ScannerManager[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await Promise.all(managers.splice(0).map((m) => m.stop()));
});

async function setup() {
  const hid = new FakeHidBackend();
  hid.plug(HONEYWELL_POS);
  const manager = new ScannerManager({
    hid,
    serial: new FakeSerialBackend(),
    timing: { initialBackoffMs: 10, maxBackoffMs: 20, watchdogMs: 0 },
  });
  managers.push(manager);
  await manager.applyConfig({
    version: 1,
    devices: [
      {
        key: 'front-pos',
        kind: 'hid-pos',
        enabled: true,
        identity: { by: 'usb', vendorId: 0x0c2e, productId: 0x0b8f },
        layout: 'auto',
        encoding: 'utf-8',
      },
    ],
  });
  await waitFor(() => (manager.statuses()[0]?.state === 'open' ? true : undefined), 'open');
  const server = await startScannerBridgeServer(manager, { heartbeatMs: 50 });
  servers.push(server);
  return { hid, manager, server };
}

function get(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on('error', reject);
  });
}

describe('local scanner bridge (HTTP + Server-Sent Events)', () => {
  it('streams device statuses on connect, then scans and status changes', async () => {
    const { hid, server } = await setup();
    const stream = await openEvents(`${server.url}/local/scanner/events`);
    expect(stream.response.headers.get('content-type')).toContain('text/event-stream');
    await waitFor(() => stream.messages.find((m) => m.event === 'status'), 'the initial status');
    const initial = parseScannerDeviceStatus(JSON.parse(stream.messages[0]!.data));
    expect(initial.ok && initial.value).toMatchObject({ deviceKey: 'front-pos', state: 'open' });

    hid.current()!.replay(honeywellReports(MARKING_CODE, ']d2', 'w'));
    const scanMessage = await waitFor(() => stream.messages.find((m) => m.event === 'scan'), 'the scan');
    const scan = parseScanEvent(JSON.parse(scanMessage.data));
    if (!scan.ok) throw new Error(scan.error);
    expect(scan.value).toMatchObject({ raw: MARKING_CODE, symbology: ']d2', source: 'hid-pos' });
    expect(scanMessage.id).toBe(scan.value.id);

    hid.unplug(HONEYWELL_POS.path);
    const lost = await waitFor(
      () =>
        stream.messages
          .map((m) => (m.event === 'status' ? (JSON.parse(m.data) as ScannerDeviceStatus) : undefined))
          .find((s) => s?.state === 'lost'),
      'the lost status',
    );
    expect(lost.reason).toBe('read-error');
    await stream.close();
  });

  it('serves device statuses and the last 20 scans as JSON', async () => {
    const { hid, server } = await setup();
    for (let i = 0; i < 25; i += 1)
      hid.current()!.replay(honeywellReports(`46012345678${String(i).padStart(2, '0')}`, ']E0', 'd'));
    const response = await fetch(`${server.url}/local/scanner/devices`);
    expect(response.status).toBe(200);
    const snapshot = parseScannerSnapshot(await response.json());
    if (!snapshot.ok) throw new Error(snapshot.error);
    expect(snapshot.value.devices).toMatchObject([{ deviceKey: 'front-pos', state: 'open' }]);
    expect(snapshot.value.recentScans).toHaveLength(20);
    expect(snapshot.value.recentScans.at(-1)?.raw).toBe('4601234567824');
  });

  it("lets the store app's own origin read, and refuses other origins and hosts", async () => {
    const { server } = await setup();
    const allowed = await fetch(`${server.url}/local/scanner/devices`, {
      headers: { origin: server.url },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(server.url);
    await allowed.body?.cancel();
    for (const origin of ['https://evil.example', 'http://localhost:5173', 'null']) {
      const foreign = await fetch(`${server.url}/local/scanner/devices`, { headers: { origin } });
      expect(foreign.status, origin).toBe(403);
      await foreign.body?.cancel();
    }
    expect(await get(`${server.url}/local/scanner/devices`, { host: 'rebind.example:80' })).toBe(403);
    // Anything but a read must say where it comes from, and then it is still only a read.
    const anonymousPost = await fetch(`${server.url}/local/scanner/devices`, { method: 'POST' });
    expect(anonymousPost.status).toBe(403);
    const post = await fetch(`${server.url}/local/scanner/devices`, {
      method: 'POST',
      headers: { origin: server.url },
    });
    expect(post.status).toBe(405);
    const unknown = await fetch(`${server.url}/local/scanner/nothing`);
    expect(unknown.status).toBe(404);
  });

  it('leaves other paths to the host server and detaches listeners when a client goes away', async () => {
    const manager = new ScannerManager({ hid: new FakeHidBackend(), serial: new FakeSerialBackend() });
    managers.push(manager);
    const bridge = createScannerBridge(manager, { heartbeatMs: 50 });
    const server = http.createServer((req, res) => {
      if (!bridge.handle(req, res)) res.writeHead(200).end('store app');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      expect(await (await fetch(`http://127.0.0.1:${port}/index.html`)).text()).toBe('store app');
      const stream = await openEvents(`http://127.0.0.1:${port}/local/scanner/events`);
      await waitFor(() => (manager.listenerCount('scan') === 1 ? true : undefined), 'the listener');
      await stream.close();
      await waitFor(() => (manager.listenerCount('scan') === 0 ? true : undefined), 'the listener to go');
    } finally {
      bridge.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
