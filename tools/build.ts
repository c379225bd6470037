import { readFile, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { build as vite } from 'vite';
import { z } from 'zod';
import { printError } from '../server/log';

const root = resolve(import.meta.dirname, '..');

/**
 * Bundles the main process and the preload to CommonJS in dist/electron. Native scanner modules
 * stay external: electron-builder ships their N-API prebuilds unpacked beside the bundle.
 */
export async function buildElectron(outDir = resolve(root, 'dist/electron')): Promise<void> {
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
    entryPoints: [resolve(root, 'electron/main.ts')],
    outfile: resolve(outDir, 'main.cjs'),
  });
  await build({
    ...common,
    entryPoints: [resolve(root, 'electron/preload.ts')],
    outfile: resolve(outDir, 'preload.cjs'),
  });
}

/**
 * The server as JavaScript that plain `node` runs: main.js (`npm run server`), seed.js and
 * admin.js. The server workspace's `dependencies` stay external and load from node_modules at run
 * time; everything else is inlined: our own code (server/ and shared/, migrations included) and
 * the server's bundled devDependencies (@trpc/server, whose required TypeScript peer would
 * otherwise be installed on every server).
 */
export async function buildServer(outDir = resolve(root, 'dist/server')): Promise<void> {
  const manifest = await readFile(resolve(root, 'server/package.json'), 'utf8');
  const { dependencies } = z
    .object({ dependencies: z.record(z.string(), z.string()) })
    .parse(JSON.parse(manifest));
  const runtime = Object.keys(dependencies);
  await rm(outDir, { recursive: true, force: true });
  await build({
    entryPoints: {
      main: resolve(root, 'server/main.ts'),
      seed: resolve(root, 'server/seed/cli.ts'),
      admin: resolve(root, 'server/admin/cli.ts'),
      catalog: resolve(root, 'server/catalog/cli.ts'),
      sqliteReadWorker: resolve(root, 'server/db/sqliteReadWorker.ts'),
    },
    outdir: outDir,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    external: [...runtime, ...runtime.map((name) => `${name}/*`)],
    define: { OMNITILL_BUNDLED: 'true' },
    sourcemap: true,
    logLevel: 'warning',
  });
}

/**
 * The shops' script (`web/sdk/`) as one minified file, dist/sdk/sdk.js, served as /sdk.js. An
 * IIFE for browsers of the last several years (ES2019), so it runs in any shop's page and leaves
 * nothing in its global scope but `window.omnitill`.
 */
export async function buildSdk(outFile = resolve(root, 'dist/sdk/sdk.js')): Promise<void> {
  await build({
    entryPoints: [resolve(root, 'web/sdk/main.ts')],
    outfile: outFile,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2019',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
}

/** The store app and the HQ pages (vite.config.ts) into dist/renderer, and the shops' script. */
export async function buildPages(): Promise<void> {
  await vite({ configFile: resolve(root, 'vite.config.ts'), logLevel: 'warn' });
  await buildSdk();
}

const targets = { pages: buildPages, sdk: buildSdk, server: buildServer, electron: buildElectron } as const;
type Target = keyof typeof targets;
const isTarget = (name: string): name is Target => Object.hasOwn(targets, name);

/** `tsx tools/build.ts [pages] [sdk] [server] [electron]`: the named parts, or all of them. */
async function main(argv: readonly string[]): Promise<number> {
  const unknown = argv.filter((name) => !isTarget(name));
  if (unknown.length > 0) {
    printError(`unknown build target: ${unknown.join(', ')} (pages, sdk, server, electron)`);
    return 2;
  }
  // `pages` builds the script too, so building everything needs no `sdk` of its own.
  const chosen: Target[] = argv.length === 0 ? ['pages', 'server', 'electron'] : argv.filter(isTarget);
  for (const name of chosen) await targets[name]();
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  process.exitCode = await main(process.argv.slice(2));
}
