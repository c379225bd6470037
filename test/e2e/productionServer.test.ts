import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { freePort } from './support/serverProcess';

const root = resolve(import.meta.dirname, '../..');
const npm = (cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  execFileSync('npm', args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: 'pipe',
    encoding: 'utf8',
    timeout: 240_000,
  });

/** The repository as a fresh clone has it: tracked and new, unignored files, no node_modules or dist. */
function cleanCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'omnitill-clone-'));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((file) => file && existsSync(join(root, file)));
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(join(root, file), join(dir, file));
  }
  return dir;
}

/**
 * better-sqlite3 has no prebuild for this platform that is reachable offline, and compiling
 * SQLite takes about two minutes. prebuild-install's documented local-prebuilds folder takes the
 * binary this checkout already built for the same package version and Node ABI, packed as the
 * release tarball it would otherwise download.
 */
function localPrebuilds(): string {
  const dir = mkdtempSync(join(tmpdir(), 'omnitill-prebuilds-'));
  const pkg = join(root, 'node_modules/better-sqlite3');
  const { version } = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { version: string };
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  execFileSync('tar', ['-czf', join(dir, name), '-C', pkg, 'build/Release/better_sqlite3.node']);
  return dir;
}

/** `npm run server` in a fresh clone, before any build: it builds what it needs and serves HQ. */
async function devServerServesHq(dir: string): Promise<void> {
  const port = await freePort();
  const { SEED_DEMO: _unset, ...inherited } = process.env;
  const dataDir = mkdtempSync(join(tmpdir(), 'omnitill-dev-data-'));
  // Its own process group, so the npm process and the server under it stop together.
  const run = spawn('npm', ['run', 'server'], {
    cwd: dir,
    env: { ...inherited, PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  run.stdout.on('data', (c: Buffer) => (output += c.toString()));
  run.stderr.on('data', (c: Buffer) => (output += c.toString()));
  try {
    await expect
      .poll(
        () => {
          if (run.exitCode !== null) throw new Error(`npm run server exited:\n${output}`);
          return output;
        },
        { timeout: 120_000 },
      )
      .toContain('OmniTill server on');
    const hq = await fetch(`http://127.0.0.1:${port}/hq/`);
    expect(hq.status).toBe(200);
    expect(await hq.text()).toContain('OmniTill HQ');
  } finally {
    const exited = new Promise((r) => run.once('exit', r));
    process.kill(-run.pid!, 'SIGTERM');
    await exited;
  }
}

describe('a server machine installs from a clean copy', () => {
  it('serves HQ from a dev install; built and pruned to production dependencies, runs with plain node, empty', async () => {
    const dir = cleanCopy();
    npm(dir, ['ci', '--prefer-offline', '--no-audit', '--no-fund'], {
      npm_config_better_sqlite3_local_prebuilds: localPrebuilds(),
    });
    await devServerServesHq(dir);
    npm(dir, ['run', 'build']);
    npm(dir, ['prune', '--omit=dev', '--no-audit', '--no-fund']);

    for (const devOnly of ['vitest', 'vite', 'tsx', 'typescript', 'electron', 'esbuild', 'react'])
      expect(existsSync(join(dir, 'node_modules', devOnly)), devOnly).toBe(false);
    // @trpc/server is inlined in the bundle (tools/build.ts), so its TypeScript peer stays out too.
    for (const runtime of ['better-sqlite3', 'pg', 'kysely', 'zod', 'pino', 'uuid', '@noble/hashes'])
      expect(existsSync(join(dir, 'node_modules', runtime)), runtime).toBe(true);

    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'omnitill-prod-data-'));
    const { SEED_DEMO: _unset, ...inherited } = process.env;
    const env = { ...inherited, PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: '' };
    const server = spawn('node', ['dist/server/main.js'], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    server.stdout.on('data', (c: Buffer) => (output += c.toString()));
    server.stderr.on('data', (c: Buffer) => (output += c.toString()));
    try {
      await expect
        .poll(
          () => {
            if (server.exitCode !== null) throw new Error(`the server exited:\n${output}`);
            return output;
          },
          { timeout: 30_000 },
        )
        .toContain('npm run admin -- create');
      const url = `http://127.0.0.1:${port}`;
      expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ ok: true, db: 'sqlite' });
      const hq = await fetch(`${url}/hq/`);
      expect(hq.status).toBe(200);
      expect(await hq.text()).toContain('OmniTill HQ');
      expect(output).not.toContain('HQ login');
      expect(output).not.toContain('enrolment code');

      // The first admin, as the server's message says; its password logs in to HQ.
      const created = npm(dir, ['run', '--silent', 'admin', '--', 'create', 'ops@example.com'], env);
      const password = /Password[^:]*: (\S+)/.exec(created)?.[1];
      expect(password).toBeDefined();
      const login = await fetch(`${url}/trpc/hq.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'ops@example.com', password }),
      });
      expect(login.status).toBe(200);
      // HQ's figures run their long read in a worker thread, a file of the bundle of its own: the
      // new admin chooses a password, then reads them, on the empty database.
      const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
      const changed = await fetch(`${url}/trpc/hq.changePassword`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ currentPassword: password, newPassword: 'a long new passphrase 42' }),
      });
      expect(changed.status).toBe(200);
      const figures = await fetch(
        `${url}/trpc/hq.figures?input=${encodeURIComponent(JSON.stringify({ from: '2026-01', to: '2026-12' }))}`,
        { headers: { cookie: changed.headers.get('set-cookie')?.split(';')[0] ?? cookie } },
      );
      expect(await figures.json()).toMatchObject({
        result: { data: { months: expect.arrayContaining([]) as unknown, period: { storeSales: 0 } } },
      });
    } finally {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
    // No demo chain: no stores, no products, one HQ user (the one created above).
    const db = new SqliteDatabase(join(dataDir, 'omnitill.sqlite'), { readonly: true });
    const count = (table: string) =>
      (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect({ stores: count('stores'), products: count('products'), hqUsers: count('hq_users') }).toEqual({
      stores: 0,
      products: 0,
      hqUsers: 1,
    });
    db.close();
    expect(existsSync(join(dataDir, 'demo-admin.json'))).toBe(false);
  }, 300_000);
});
