import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Finds the Electron executable the way the `electron` package would, but never triggers its
 * download: since Electron 42 the binary is fetched from github.com on first use, which fails
 * on machines that reach only the npm registry. Returns null when no binary is on disk.
 */
export function findElectronBinary(
  root = resolve(import.meta.dirname, '..'),
  env = process.env,
): string | null {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron';
  const candidate = env.ELECTRON_OVERRIDE_DIST_PATH
    ? join(env.ELECTRON_OVERRIDE_DIST_PATH, relative)
    : existsSync(pathFile)
      ? join(pkg, 'dist', relative)
      : null;
  return candidate && existsSync(candidate) ? candidate : null;
}
