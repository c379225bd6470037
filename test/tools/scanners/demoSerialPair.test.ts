import { execFile } from 'node:child_process';
import { lstat, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ScanEvent } from '../../../shared/ipc/scanner';
import type { DemoPairEvent, DemoSerialPair } from '../../../tools/scanners/demoSerialPair';
import { demoScannerDevice, startDemoSerialPair } from '../../../tools/scanners/demoSerialPair';
import { ScannerManager } from '../../../electron/hardware/deviceManager';
import { createSerialPortBackend } from '../../../electron/hardware/serialPortBackend';
import { parseSimulateArgs, simulateScan, unescapeScanCode } from '../../../tools/scanners/simulateScan';
import { MARKING_CODE } from '../../electron/hardware/hidPosFixtures';
import { requireSocat, tempDir, waitFor } from '../../electron/hardware/socatHarness';

const run = promisify(execFile);
const pairs: DemoSerialPair[] = [];
const managers: ScannerManager[] = [];
const dirs: string[] = [];

beforeAll(() => requireSocat());

afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.stop()));
  await Promise.all(pairs.splice(0).map((p) => p.stop()));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function demo(events: DemoPairEvent[] = []) {
  const dataDir = await tempDir();
  dirs.push(dataDir);
  const pair = await startDemoSerialPair({ dataDir, restartDelayMs: 50, onEvent: (e) => events.push(e) });
  if (!pair.ok) throw new Error(pair.error.detail);
  pairs.push(pair.value);
  const manager = new ScannerManager({
    serial: createSerialPortBackend(),
    timing: { initialBackoffMs: 50, maxBackoffMs: 200 },
  });
  managers.push(manager);
  const scans: ScanEvent[] = [];
  manager.on('scan', (s) => scans.push(s));
  await manager.applyConfig({ version: 1, devices: [demoScannerDevice(dataDir)] });
  await waitFor(
    () => (manager.statuses()[0]?.state === 'open' ? true : undefined),
    'the demo scanner to open',
  );
  return { dataDir, pair: pair.value, manager, scans };
}

describe('simulateScan arguments', () => {
  it('turns \\x1d and <GS> into GS and keeps everything else', () => {
    expect(unescapeScanCode('0104600000000003215abc\\x1d93dGVz')).toBe('0104600000000003215abc\x1d93dGVz');
    expect(unescapeScanCode('01<GS>91<gs>92')).toBe('01\x1d91\x1d92');
    expect(unescapeScanCode('a\\\\x1d')).toBe('a\\x1d');
    expect(unescapeScanCode('Привет')).toBe('Привет');
  });

  it('takes the data folder from --data-dir, then DATA_DIR, then ./data', () => {
    expect(parseSimulateArgs(['123', '--data-dir', '/tmp/x'], {})).toEqual({
      ok: true,
      value: { code: '123', dataDir: '/tmp/x' },
    });
    expect(parseSimulateArgs(['--data-dir=/tmp/y', '123'], { DATA_DIR: '/tmp/z' })).toEqual({
      ok: true,
      value: { code: '123', dataDir: '/tmp/y' },
    });
    expect(parseSimulateArgs(['123'], { DATA_DIR: '/tmp/z' })).toEqual({
      ok: true,
      value: { code: '123', dataDir: '/tmp/z' },
    });
    expect(parseSimulateArgs(['123'], {})).toEqual({
      ok: true,
      value: { code: '123', dataDir: path.resolve('data') },
    });
    expect(parseSimulateArgs([], {}).ok).toBe(false);
    expect(parseSimulateArgs(['1', '2'], {}).ok).toBe(false);
    expect(parseSimulateArgs(['123', '--data-dir'], {}).ok).toBe(false);
  });

  it('says to start the app when the demo scanner is not there', async () => {
    const dataDir = await tempDir();
    dirs.push(dataDir);
    const result = await simulateScan({ code: '123', dataDir });
    expect(result).toMatchObject({ ok: false, error: { kind: 'link-missing' } });
    expect(!result.ok && result.error.detail).toContain('npm start');
  });

  it('refuses to write into something that is not the pseudo-terminal', async () => {
    const dataDir = await tempDir();
    dirs.push(dataDir);
    await writeFile(path.join(dataDir, 'scanner-sim'), '');
    expect(await simulateScan({ code: '123', dataDir })).toMatchObject({
      ok: false,
      error: { kind: 'not-a-terminal' },
    });
  });
});

describe('demo serial pair', () => {
  it('carries simulated scans, GS1 marking codes included, to the device manager', async () => {
    const { dataDir, scans } = await demo();
    expect(await simulateScan({ code: '4601234567893', dataDir })).toEqual({
      ok: true,
      value: { bytes: 15 },
    });
    expect(
      await simulateScan({
        code: unescapeScanCode(`]d2${MARKING_CODE.replaceAll('\x1d', '<GS>')}`),
        dataDir,
      }),
    ).toMatchObject({ ok: true });
    await waitFor(() => (scans.length === 2 ? true : undefined), 'two scans');
    expect(scans.map((s) => [s.raw, s.symbology])).toEqual([
      ['4601234567893', undefined],
      [MARKING_CODE, ']d2'],
    ]);
  });

  it('works as the CLI the npm script runs', async () => {
    const { dataDir, scans } = await demo();
    const { stdout } = await run('npx', [
      'tsx',
      'tools/scanners/simulateScan.ts',
      '010460123456789321abc\\x1d93dGVz',
      '--data-dir',
      dataDir,
    ]);
    expect(stdout).toContain('scanned');
    await waitFor(() => scans[0], 'the CLI scan');
    expect(scans[0]?.raw).toBe('010460123456789321abc\x1d93dGVz');
    const missing = await run('npx', [
      'tsx',
      'tools/scanners/simulateScan.ts',
      '123',
      '--data-dir',
      path.join(dataDir, 'nowhere'),
    ]).catch((error: { code: number; stderr: string }) => error);
    expect(missing).toMatchObject({ code: 1 });
    expect((missing as { stderr: string }).stderr).toContain('is `npm start` running');
  }, 60_000);

  it('restarts socat when it dies, and the app reconnects to the same link', async () => {
    const events: DemoPairEvent[] = [];
    const { dataDir, pair, manager, scans } = await demo(events);
    const firstPid = pair.pid()!;
    process.kill(firstPid, 'SIGKILL');
    await waitFor(() => events.find((e) => e.kind === 'exited'), 'the exit');
    await waitFor(
      () => (pair.pid() !== undefined && pair.pid() !== firstPid ? true : undefined),
      'the restart',
    );
    await waitFor(() => (manager.statuses()[0]?.state === 'open' ? true : undefined), 'the reopen');
    expect(await simulateScan({ code: '2222222222222', dataDir })).toMatchObject({ ok: true });
    await waitFor(() => scans[0], 'a scan after the restart');
    expect(scans[0]?.raw).toBe('2222222222222');
  });

  it('stops socat and removes its links on stop', async () => {
    const { dataDir, pair } = await demo();
    const pid = pair.pid()!;
    await pair.stop();
    expect(() => process.kill(pid, 0)).toThrow();
    await expect(lstat(path.join(dataDir, 'scanner-sim'))).rejects.toThrow();
    await expect(lstat(path.join(dataDir, 'scanner-app'))).rejects.toThrow();
  });

  it('reports a missing socat as a typed error', async () => {
    const dataDir = await tempDir();
    dirs.push(dataDir);
    const result = await startDemoSerialPair({ dataDir, socatPath: '/nonexistent/socat' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'socat-missing' } });
  });
});
