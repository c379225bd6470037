import { build, type BuildOptions } from 'esbuild';
import { resolve } from 'node:path';

/**
 * Bundles the main process and the preload to CommonJS in dist/electron. Native scanner modules
 * stay external: electron-builder ships their N-API prebuilds unpacked beside the bundle.
 */
export async function buildElectron(
  outDir = resolve(import.meta.dirname, '../dist/electron'),
): Promise<void> {
  const common: BuildOptions = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['electron', 'node-hid', 'serialport', '@serialport/*'],
    logLevel: 'warning',
  };
  await build({
    ...common,
    entryPoints: [resolve(import.meta.dirname, 'main.ts')],
    outfile: resolve(outDir, 'main.cjs'),
  });
  await build({
    ...common,
    entryPoints: [resolve(import.meta.dirname, 'preload.ts')],
    outfile: resolve(outDir, 'preload.cjs'),
  });
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  await buildElectron();
}
