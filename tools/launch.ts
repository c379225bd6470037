import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { print, printError } from '../server/log';
import { buildElectron, buildPages } from './build';
import { findElectronBinary } from './electronBinary';
import { readLaunchEnv } from './launchEnv';
import { startLocalScanners } from './scanners/localScanners';
import { superviseServer, type SupervisorEvent } from './serverSupervisor';
import { startStoreHost } from './storeHost';
import { launchDemoShop } from './storefront/launchDemoShop';

/**
 * `npm start`: the server (its own process, SQLite + demo chain unless DATABASE_URL or
 * SEED_DEMO=never say otherwise), the HQ pages it serves, and the store app — in Electron when
 * its binary is present, otherwise in the browser from a store host in this process. The server
 * may stop at any time: it is restarted, and everything else keeps running. SIGINT, SIGTERM and
 * SIGHUP stop everything this process started.
 */
const root = resolve(import.meta.dirname, '..');
const env = (() => {
  try {
    return readLaunchEnv();
  } catch (error) {
    printError(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
})();
const cleanups: (() => Promise<void>)[] = [];
let shuttingDown = false;
/** Set once the server has stopped, so its return is announced. */
let restarted = false;

async function shutdown(code: number): Promise<never> {
  if (!shuttingDown) {
    shuttingDown = true;
    if (process.stdin.isTTY) process.stdin.setRawMode(false);
    // Newest first (the store host before the scanners it serves), and never longer than the
    // server's grace period: a hung child is killed, not waited for.
    const all = Promise.allSettled(cleanups.reverse().map((cleanup) => cleanup()));
    await Promise.race([all, new Promise((r) => setTimeout(r, 7000))]);
    process.exit(code);
  }
  return new Promise<never>(() => undefined);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(0));

function describe(event: SupervisorEvent): string | null {
  switch (event.kind) {
    case 'started':
      return null;
    case 'healthy':
      return restarted ? `The server is back (pid ${event.pid}).` : null;
    case 'exited': {
      const how = event.signal ? `killed by ${event.signal}` : `exit code ${event.code}`;
      const key = process.stdin.isTTY ? ' — press r to restart it now' : '';
      return `The server stopped (${how}); the store app keeps working. Restarting in ${Math.round(event.restartInMs / 1000)} s${key}.`;
    }
  }
}

await buildPages();
const server = superviseServer({
  command: process.execPath,
  args: ['--import', 'tsx', resolve(root, 'server/main.ts')],
  cwd: root,
  env: env.serverEnv,
  healthUrl: `${env.serverUrl}/healthz`,
  onEvent: (event) => {
    if (event.kind === 'exited') restarted = true;
    const line = describe(event);
    if (line) print(line);
  },
});
cleanups.push(() => server.stop());

try {
  await server.firstHealthy(60_000);
} catch (error) {
  printError(error instanceof Error ? error.message : String(error));
  await shutdown(1);
}

if (env.seedDemo) {
  // The demo web shop plays a customer's own site: it includes /sdk.js and sends signed webhooks.
  try {
    const shop = await launchDemoShop({
      port: env.shopPort,
      host: env.host,
      serverUrl: env.serverUrl,
      dataDir: env.dataDir,
      databaseUrl: env.databaseUrl,
    });
    if (shop) {
      cleanups.push(() => shop.close());
      print(
        `Demo web shop: ${shop.url}/ (includes ${env.serverUrl}/sdk.js; receipt links open ${shop.url}/l/<code>)`,
      );
    }
  } catch (error) {
    printError(`Demo web shop not started: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const electron = env.browser ? null : findElectronBinary(root);
if (electron) {
  await buildElectron();
  const app: ChildProcess = spawn(electron, [resolve(root, 'dist/electron/main.cjs')], {
    env: { ...process.env, OMNITILL_SERVER: env.serverUrl },
    stdio: 'inherit',
  });
  cleanups.push(async () => {
    if (app.exitCode === null && app.signalCode === null) app.kill('SIGTERM');
    await Promise.resolve();
  });
  print(`Store app: Electron window (${electron})`);
  app.once('exit', () => void shutdown(0));
} else {
  // The browser has no Electron IPC: this process runs the scanner drivers and hands their scans
  // to the store app over its own loopback origin (Server-Sent Events).
  const scanners = await startLocalScanners({ dataDir: env.dataDir, demo: env.demoScanner });
  cleanups.push(() => scanners.close());
  const host = await startStoreHost({
    rendererDist: resolve(root, 'dist/renderer'),
    port: env.storePort,
    host: env.host,
    serverUrl: env.serverUrl,
    handle: (req, res) => scanners.bridge.handle(req, res),
  });
  cleanups.push(() => host.close());
  print(
    env.browser
      ? `Store app (browser, as asked): ${host.url}/`
      : `Electron's binary is not installed (it downloads from github.com on first use), so the store app runs in your browser instead: ${host.url}/`,
  );
  if (scanners.demo) print('Demo scanner: `npm run scan -- 4601234567893` scans a code into the store app.');
  else if (scanners.demoError) print(`Demo scanner not started: ${scanners.demoError.detail}`);
  if (scanners.configError) print(`Scanner settings file ignored: ${scanners.configError.detail}`);
}

if (process.stdin.isTTY) {
  // Raw keys: r restarts a stopped server at once; Ctrl+C arrives as a key, not a signal, here.
  process.stdin.setRawMode(true);
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (key: string) => {
    if (key === 'r' || key === 'R') server.restartNow();
    else if (key === '\u0003' || key === 'q') void shutdown(0);
  });
  print('Press r to restart a stopped server now, Ctrl+C to stop.');
} else {
  print('Press Ctrl+C to stop.');
}
