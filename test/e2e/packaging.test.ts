import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { listPackage } from '@electron/asar';
import { describe, expect, it } from 'vitest';
import { buildElectron } from '../../tools/build';

const root = resolve(import.meta.dirname, '../..');

/** Electron's own binary cannot be downloaded here; electron-builder packs around a stand-in. */
function standInElectron(): string {
  const dir = mkdtempSync(join(tmpdir(), 'omnitill-electron-dist-'));
  mkdirSync(join(dir, 'resources'));
  writeFileSync(join(dir, 'electron'), '#!/bin/sh\nexit 0\n');
  chmodSync(join(dir, 'electron'), 0o755);
  writeFileSync(join(dir, 'version'), '45.4.1');
  writeFileSync(join(dir, 'LICENSE'), '');
  writeFileSync(join(dir, 'LICENSES.chromium.html'), '');
  return dir;
}

describe('packaging the store app with electron-builder', () => {
  it('packs the bundles, the pages and only the native scanner modules, unpacked', async () => {
    await buildElectron();
    const out = mkdtempSync(join(tmpdir(), 'omnitill-release-'));
    execFileSync(
      process.execPath,
      [
        'node_modules/electron-builder/cli.js',
        '--linux',
        'dir',
        `--config.electronDist=${standInElectron()}`,
        '--config.npmRebuild=false',
        `--config.directories.output=${out}`,
      ],
      { cwd: root, stdio: 'pipe' },
    );
    const resources = join(out, 'linux-unpacked', 'resources');
    const files = listPackage(join(resources, 'app.asar'), { isPack: false }).map((f) =>
      f.replaceAll('\\', '/'),
    );
    expect(files).toEqual(
      expect.arrayContaining([
        '/dist/electron/main.cjs',
        '/dist/electron/preload.cjs',
        '/dist/renderer/index.html',
        '/package.json',
      ]),
    );
    const modules = new Set(files.filter((f) => f.startsWith('/node_modules/')).map((f) => f.split('/')[2]));
    // Everything else is inside the bundles; the server's database drivers never ship in a till.
    expect(modules.has('node-hid')).toBe(true);
    expect(modules.has('serialport')).toBe(true);
    for (const absent of [
      'better-sqlite3',
      'pg',
      'kysely',
      'pino',
      '@trpc',
      '@omnitill',
      'vite',
      'react',
      'zod',
    ])
      expect(modules.has(absent)).toBe(false);
    // Native prebuilds must sit outside the archive to be loadable.
    const unpacked = join(resources, 'app.asar.unpacked', 'node_modules');
    expect(existsSync(join(unpacked, 'node-hid'))).toBe(true);
    expect(readdirSync(join(unpacked, '@serialport')).length).toBeGreaterThan(0);
  });
});
