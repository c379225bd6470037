import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { z } from 'zod';
import { buildElectron } from './build';
import { findElectronBinary } from './electronBinary';
import { startLocalScanners } from './hardware/localScanners';
import { startStoreHost } from './storeHost';

/**
 * `npm start`: the server (its own process, SQLite + demo chain unless DATABASE_URL is set), the
 * HQ pages it serves, and the store app — in Electron when its binary is present, otherwise in
 * the browser from a local store host that keeps working while the server is stopped.
 */
const root = resolve(import.meta.dirname, '..');
const env = z
  .object({
    PORT: z.coerce.number().int().min(1).max(65535).default(8787),
    STORE_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    HOST: z.string().default('127.0.0.1'),
    OMNITILL_BROWSER: z.enum(['0', '1']).default('0'),
    DATA_DIR: z.string().min(1).default('data'),
    /** The demo serial scanner (a socat pair) that `npm run scan` types into; on unless 0. */
    OMNITILL_DEMO_SCANNER: z.enum(['0', '1']).default('1'),
  })
  .parse(process.env);
const serverUrl = `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${env.PORT}`;
const children: ChildProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];

let stopping = false;

function stopAll(code = 0): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  // Give the scanner drivers and the demo socat a moment to close, never longer than a second.
  const timeout = new Promise((r) => setTimeout(r, 1000));
  void Promise.race([Promise.allSettled(cleanups.map((c) => c())), timeout]).then(() => process.exit(code));
}
process.once('SIGINT', () => stopAll());
process.once('SIGTERM', () => stopAll());

async function waitForHealth(url: string, server: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with code ${server.exitCode}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`the server did not answer ${url}/healthz within ${timeoutMs / 1000} s`);
}

const server = spawn(process.execPath, ['--import', 'tsx', resolve(root, 'server/main.ts')], {
  cwd: root,
  env: { ...process.env, PORT: String(env.PORT), HOST: env.HOST },
  stdio: ['ignore', 'inherit', 'inherit'],
});
children.push(server);
server.once('exit', (code) => {
  if (stopping) return;
  console.error(`The server stopped (exit code ${code ?? 'signal'}).`);
  stopAll(code ?? 1);
});

try {
  await waitForHealth(serverUrl, server);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  stopAll(1);
  await new Promise(() => undefined); // stopAll exits the process
}

const electron = env.OMNITILL_BROWSER === '1' ? null : findElectronBinary(root);
if (electron) {
  await buildElectron();
  const app = spawn(electron, [resolve(root, 'dist/electron/main.cjs')], {
    env: { ...process.env, OMNITILL_SERVER: serverUrl },
    stdio: 'inherit',
  });
  children.push(app);
  console.log(`Store app: Electron window (${electron})`);
  app.once('exit', () => stopAll(0));
} else {
  // The browser has no Electron IPC: this process runs the scanner drivers and hands their scans
  // to the store app over its own loopback origin (Server-Sent Events).
  const scanners = await startLocalScanners({
    dataDir: resolve(env.DATA_DIR),
    demo: env.OMNITILL_DEMO_SCANNER === '1',
  });
  const host = await startStoreHost({
    rendererDist: resolve(root, 'dist/renderer'),
    port: env.STORE_PORT ?? env.PORT + 1,
    host: env.HOST,
    handle: (req, res) => scanners.bridge.handle(req, res),
  });
  const storeUrl = `${host.url}/?server=${encodeURIComponent(serverUrl)}`;
  console.log(
    env.OMNITILL_BROWSER === '1'
      ? `Store app (browser, as asked): ${storeUrl}`
      : `Electron's binary is not installed (it downloads from github.com on first use), so the store app runs in your browser instead: ${storeUrl}`,
  );
  if (scanners.demo)
    console.log('Demo scanner: `npm run scan -- 4601234567893` scans a code into the store app.');
  else if (scanners.demoError) console.log(`Demo scanner not started: ${scanners.demoError.detail}`);
  if (scanners.configError) console.log(`Scanner settings file ignored: ${scanners.configError.detail}`);
  cleanups.push(() => scanners.close());
  console.log('Press Ctrl+C to stop.');
}
