import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../tools/electronBinary';

describe('finding the Electron binary without downloading it', () => {
  it('reports none when the package never fetched its binary', () => {
    const root = mkdtempSync(join(tmpdir(), 'omnitill-root-'));
    mkdirSync(join(root, 'node_modules/electron'), { recursive: true });
    expect(findElectronBinary(root, {})).toBeNull();
  });

  it('uses a downloaded binary, and an override folder when one is given', () => {
    const root = mkdtempSync(join(tmpdir(), 'omnitill-root-'));
    mkdirSync(join(root, 'node_modules/electron/dist'), { recursive: true });
    writeFileSync(join(root, 'node_modules/electron/path.txt'), 'electron');
    writeFileSync(join(root, 'node_modules/electron/dist/electron'), '#!/bin/sh\n');
    chmodSync(join(root, 'node_modules/electron/dist/electron'), 0o755);
    expect(findElectronBinary(root, {})).toBe(join(root, 'node_modules/electron/dist/electron'));

    const override = mkdtempSync(join(tmpdir(), 'omnitill-electron-'));
    expect(findElectronBinary(root, { ELECTRON_OVERRIDE_DIST_PATH: override })).toBeNull();
    writeFileSync(join(override, 'electron'), '#!/bin/sh\n');
    expect(findElectronBinary(root, { ELECTRON_OVERRIDE_DIST_PATH: override })).toBe(
      join(override, 'electron'),
    );
  });
});
