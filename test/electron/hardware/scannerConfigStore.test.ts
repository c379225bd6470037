import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScannerConfigInput } from '../../../shared/ipc/scanner';
import { defaultScannerConfig } from '../../../shared/ipc/scanner';
import { demoScannerDevice } from '../../../tools/scanners/demoSerialPair';
import {
  loadScannerConfig,
  saveScannerConfig,
  scannerConfigPath,
} from '../../../electron/hardware/scannerConfigStore';
import { tempDir } from './socatHarness';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function dataDir(): Promise<string> {
  const dir = await tempDir();
  dirs.push(dir);
  return path.join(dir, 'userData'); // not created yet: save must create it
}

const sample: ScannerConfigInput = {
  version: 1,
  devices: [
    { key: 'front-pos', kind: 'hid-pos', identity: { by: 'usb', vendorId: 0x0c2e, productId: 0x0b8f } },
    {
      key: 'kbd',
      kind: 'hid-keyboard',
      label: 'Till 2 wedge',
      identity: { by: 'usb', vendorId: 0x05e0, productId: 0x1200 },
      suffix: 'tab',
    },
    {
      key: 'com',
      kind: 'serial',
      identity: { by: 'path', path: '/dev/ttyS0' },
      baudRate: 115200,
      parity: 'even',
      dataBits: 7,
      stopBits: 2,
      suffix: 'crlf',
    },
  ],
};

describe('scanner configuration on disk', () => {
  it('round-trips with defaults filled in', async () => {
    const dir = await dataDir();
    const saved = await saveScannerConfig(dir, sample);
    expect(saved.ok).toBe(true);
    const loaded = await loadScannerConfig(dir);
    expect(loaded.error).toBeUndefined();
    expect(saved.ok && loaded.config).toEqual(saved.ok && saved.value);
    expect(loaded.config.devices[0]).toMatchObject({ enabled: true, layout: 'auto', encoding: 'utf-8' });
    expect(loaded.config.devices[2]).toMatchObject({
      baudRate: 115200,
      parity: 'even',
      dataBits: 7,
      stopBits: 2,
      idleTimeoutMs: 100,
    });
  });

  it('round-trips the demo mode device', async () => {
    const dir = await dataDir();
    await saveScannerConfig(dir, { version: 1, devices: [demoScannerDevice(dir)] });
    expect((await loadScannerConfig(dir)).config.devices).toEqual([demoScannerDevice(dir)]);
  });

  it('gives defaults without an error when there is no file yet', async () => {
    expect(await loadScannerConfig(await dataDir())).toEqual({ config: defaultScannerConfig });
  });

  it('replaces the file whole and leaves no temporary files', async () => {
    const dir = await dataDir();
    await saveScannerConfig(dir, sample);
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        saveScannerConfig(dir, {
          version: 1,
          devices: [{ key: `k${i}`, kind: 'serial', identity: { by: 'path', path: `/dev/ttyUSB${i}` } }],
        }),
      ),
    );
    expect(await readdir(dir)).toEqual(['scanner-config.json']);
    const loaded = await loadScannerConfig(dir);
    expect(loaded.error).toBeUndefined();
    expect(loaded.config.devices).toHaveLength(1);
  });

  it('keeps the old file when the write cannot complete', async () => {
    const dir = await dataDir();
    await saveScannerConfig(dir, sample);
    const before = await readFile(scannerConfigPath(dir), 'utf8');
    // A directory where the temp file's rename must land makes the final step fail.
    const blocked = await dataDir();
    await mkdir(scannerConfigPath(blocked), { recursive: true });
    await writeFile(path.join(scannerConfigPath(blocked), 'x'), 'occupied');
    const failed = await saveScannerConfig(blocked, sample);
    expect(failed).toMatchObject({ ok: false, error: { kind: 'write-failed' } });
    expect((await readdir(blocked)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(await readFile(scannerConfigPath(dir), 'utf8')).toBe(before);
  });

  it('refuses to save an invalid configuration and leaves the file as it was', async () => {
    const dir = await dataDir();
    await saveScannerConfig(dir, sample);
    const before = await readFile(scannerConfigPath(dir), 'utf8');
    const duplicate = await saveScannerConfig(dir, {
      version: 1,
      devices: [
        { key: 'a', kind: 'serial', identity: { by: 'path', path: '/dev/ttyS0' } },
        { key: 'a', kind: 'serial', identity: { by: 'path', path: '/dev/ttyS1' } },
      ],
    });
    expect(duplicate).toMatchObject({ ok: false, error: { kind: 'invalid-config' } });
    expect(await readFile(scannerConfigPath(dir), 'utf8')).toBe(before);
  });

  it('turns a corrupt file into defaults, a typed error and a kept copy', async () => {
    const dir = await dataDir();
    await mkdir(dir, { recursive: true });
    await writeFile(scannerConfigPath(dir), '{"version": 1, "devices": [');
    const loaded = await loadScannerConfig(dir);
    expect(loaded.config).toEqual(defaultScannerConfig);
    expect(loaded.error).toMatchObject({ kind: 'invalid-json', file: scannerConfigPath(dir) });
    const backup = loaded.error && 'backup' in loaded.error ? loaded.error.backup : undefined;
    expect(backup && (await readFile(backup, 'utf8'))).toBe('{"version": 1, "devices": [');
  });

  it('turns valid JSON that is not a configuration into defaults and a typed error naming the field', async () => {
    const dir = await dataDir();
    await mkdir(dir, { recursive: true });
    await writeFile(
      scannerConfigPath(dir),
      JSON.stringify({
        version: 1,
        devices: [
          { key: 'x', kind: 'serial', identity: { by: 'path', path: '/dev/ttyS0' }, baudRate: 'fast' },
        ],
      }),
    );
    const loaded = await loadScannerConfig(dir);
    expect(loaded.config).toEqual(defaultScannerConfig);
    expect(loaded.error?.kind).toBe('invalid-config');
    // Read as `path: message`, the form every validation error of the app takes.
    expect(loaded.error?.detail).toMatch(/^devices\[0\]\.baudRate: /);
  });

  it('reports an unreadable file as a typed error', async () => {
    const dir = await dataDir();
    await mkdir(scannerConfigPath(dir), { recursive: true }); // a directory cannot be read as a file
    const loaded = await loadScannerConfig(dir);
    expect(loaded.config).toEqual(defaultScannerConfig);
    expect(loaded.error?.kind).toBe('unreadable');
  });
});
