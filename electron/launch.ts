import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { z } from 'zod';
import { buildElectron } from './build';
import { findElectronBinary } from './electronBinary';
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
  })
  .parse(process.env);
const serverUrl = `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${env.PORT}`;
const children: ChildProcess[] = [];

function stopAll(code = 0): never {
  for (const child of children) child.kill('SIGTERM');
  process.exit(code);
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
  console.error(`The server stopped (exit code ${code ?? 'signal'}).`);
  stopAll(code ?? 1);
});

try {
  await waitForHealth(serverUrl, server);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  stopAll(1);
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
  const host = await startStoreHost({
    rendererDist: resolve(root, 'dist/renderer'),
    port: env.STORE_PORT ?? env.PORT + 1,
    host: env.HOST,
  });
  const storeUrl = `${host.url}/?server=${encodeURIComponent(serverUrl)}`;
  console.log(
    env.OMNITILL_BROWSER === '1'
      ? `Store app (browser, as asked): ${storeUrl}`
      : `Electron's binary is not installed (it downloads from github.com on first use), so the store app runs in your browser instead: ${storeUrl}`,
  );
  console.log('Press Ctrl+C to stop.');
}
