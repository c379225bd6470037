import { rm } from 'node:fs/promises';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ScanEvent, ScannerDeviceStatus, SerialDeviceConfig } from '../../../shared/ipc/scanner';
import { ScannerManager } from '../../../electron/hardware/deviceManager';
import { attachSerialDriver } from '../../../electron/hardware/scanDrivers';
import { createSerialPortBackend } from '../../../electron/hardware/serialPortBackend';
import { MARKING_CODE } from './hidPosFixtures';
import { killAllPairs, openWriter, requireSocat, spawnPair, tempDir, waitFor } from './socatHarness';

/** Serial scanners through real socat pseudo-terminals and the real serialport binding. */

const dirs: string[] = [];
const cleanups: (() => Promise<void>)[] = [];

beforeAll(() => requireSocat());

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await killAllPairs();
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function openDriver(suffix: SerialDeviceConfig['suffix'], idleTimeoutMs = 2000) {
  const dir = await tempDir();
  dirs.push(dir);
  const pair = await spawnPair(dir);
  const opened = await createSerialPortBackend().open({
    path: pair.appPath,
    baudRate: 9600,
    dataBits: 8,
    parity: 'none',
    stopBits: 1,
  });
  if (!opened.ok) throw new Error(opened.error.detail);
  const scans: ScanEvent[] = [];
  const driver = attachSerialDriver(
    opened.value,
    { key: 'serial-test', suffix, idleTimeoutMs, encoding: 'utf-8' },
    { scan: (e) => scans.push(e), problem: () => undefined, lost: () => undefined },
  );
  const writer = await openWriter(pair.simPath);
  cleanups.push(async () => {
    await writer.close();
    await driver.close();
  });
  return { pair, scans, writer };
}

describe('serial scanner over a socat pty pair', () => {
  it('frames a code split across chunks written apart', async () => {
    const { scans, writer } = await openDriver('cr');
    await writer.write([']E0460', '12345', '67893\r'], 40);
    await waitFor(() => scans[0], 'the scan');
    expect(scans.map((s) => [s.raw, s.symbology, s.source])).toEqual([['4601234567893', ']E0', 'serial']]);
  });

  it('frames codes glued together in one write', async () => {
    const { scans, writer } = await openDriver('crlf');
    await writer.write(['4601234567893\r\n02345673\r\n416000336108\r\n']);
    await waitFor(() => (scans.length === 3 ? scans : undefined), 'three scans');
    expect(scans.map((s) => s.raw)).toEqual(['4601234567893', '02345673', '416000336108']);
  });

  it('delivers GS (0x1D) and UTF-8 intact, even with a character split between writes', async () => {
    const { scans, writer } = await openDriver('cr');
    const cyrillic = Buffer.from('QR:Привет\r', 'utf8');
    await writer.write([`]d2${MARKING_CODE}\r`, cyrillic.subarray(0, 5), cyrillic.subarray(5)], 40);
    await waitFor(() => (scans.length === 2 ? scans : undefined), 'two scans');
    expect(scans[0]).toMatchObject({ raw: MARKING_CODE, symbology: ']d2' });
    expect(scans[0]!.raw.split('\x1d')).toHaveLength(3);
    expect(scans[1]!.raw).toBe('QR:Привет');
  });

  it('frames on the idle gap when the scanner sends no suffix', async () => {
    const { scans, writer } = await openDriver('none', 150);
    await writer.write(['4601234567893']);
    await waitFor(() => scans[0], 'the idle-framed scan');
    expect(scans[0]!.raw).toBe('4601234567893');
  });
});

describe('device manager reconnecting a serial scanner by path', () => {
  it('reopens after socat dies and a new pair appears at the same link name', async () => {
    const dir = await tempDir();
    dirs.push(dir);
    const first = await spawnPair(dir, 'scanner-sim', 'scanner-app');
    const manager = new ScannerManager({
      serial: createSerialPortBackend(),
      timing: { initialBackoffMs: 100, maxBackoffMs: 400 },
    });
    cleanups.push(() => manager.stop());
    const statuses: ScannerDeviceStatus[] = [];
    const scans: ScanEvent[] = [];
    manager.on('status', (s) => statuses.push(s));
    manager.on('scan', (s) => scans.push(s));
    await manager.applyConfig({
      version: 1,
      devices: [
        {
          key: 'demo',
          kind: 'serial',
          enabled: true,
          identity: { by: 'path', path: first.appPath },
          baudRate: 9600,
          dataBits: 8,
          parity: 'none',
          stopBits: 1,
          suffix: 'crlf',
          idleTimeoutMs: 100,
          encoding: 'utf-8',
        },
      ],
    });
    const isOpen = () => (manager.statuses()[0]?.state === 'open' ? true : undefined);
    await waitFor(isOpen, 'the first open');

    const before = await openWriter(first.simPath);
    await before.write(['1111111111116\r\n']);
    await waitFor(() => scans[0], 'the first scan');
    await before.close();

    await first.kill('SIGKILL');
    // serialport usually reports the hang-up as a disconnect; when the tty is already hung up its
    // reads return 0 bytes and only the device-node check notices (deviceConnection.ts).
    const lost = await waitFor(() => statuses.find((s) => s.state === 'lost'), 'the loss');
    expect(['disconnected', 'watchdog']).toContain(lost.reason);
    // While nothing is at the link, attempts fail and back off.
    await waitFor(
      () => statuses.find((s) => s.state === 'lost' && s.reason === 'open-failed'),
      'a failed retry',
    );

    const second = await spawnPair(dir, 'scanner-sim', 'scanner-app');
    await waitFor(isOpen, 'the reopen');
    const after = await openWriter(second.simPath);
    cleanups.push(() => after.close());
    await after.write(['2222222222222\r\n']);
    await waitFor(() => scans[1], 'the scan after the reconnect');
    expect(scans.map((s) => s.raw)).toEqual(['1111111111116', '2222222222222']);
    expect(statuses.map((s) => s.state)).toEqual(
      expect.arrayContaining(['connecting', 'open', 'lost', 'open']),
    );
  });
});
