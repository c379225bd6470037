import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchChromium, screenshot } from './support/browser';
import { commandLine, descendantPids, isAlive } from './support/processTree';
import { freePort } from './support/serverProcess';

const root = resolve(import.meta.dirname, '../..');

type Launched = {
  child: ChildProcess;
  port: number;
  storePort: number;
  dataDir: string;
  output: () => string;
};

const launched: ChildProcess[] = [];
afterAll(() => {
  for (const child of launched) if (child.exitCode === null) child.kill('SIGKILL');
});

/** `npm start` as a person runs it on a machine without Electron's binary, up to "Press Ctrl+C". */
async function launch(): Promise<Launched> {
  const port = await freePort();
  const storePort = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'omnitill-start-'));
  const { SEED_DEMO: _asked, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'tools/launch.ts'], {
    cwd: root,
    env: {
      ...inherited,
      PORT: String(port),
      STORE_PORT: String(storePort),
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      ELECTRON_OVERRIDE_DIST_PATH: join(tmpdir(), 'no-electron-here'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  launched.push(child);
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  await expect
    .poll(
      () => {
        if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
        return output;
      },
      { timeout: 90_000, interval: 200 },
    )
    .toContain('Press Ctrl+C to stop.');
  return { child, port, storePort, dataDir, output: () => output };
}

function serverPid(launcher: ChildProcess): number | undefined {
  return descendantPids(launcher.pid!).find((pid) => commandLine(pid).includes('server/main.ts'));
}

describe('npm start without an Electron binary', () => {
  it('says so in one line, serves the store app, HQ and the server, and takes demo scanner codes', async () => {
    const { child, port, storePort, dataDir, output } = await launch();

    const electronLines = output()
      .split('\n')
      .filter((l) => l.includes('Electron'));
    expect(electronLines).toHaveLength(1);
    expect(electronLines[0]).toContain(`http://127.0.0.1:${storePort}/`);
    expect(output()).toMatch(/HQ login: admin@demo\.omnitill\.org \/ \S+/);
    expect(output().match(/enrolment code for \S+/g)).toEqual([
      'enrolment code for MSK-01',
      'enrolment code for SPB-01',
    ]);

    const store = await fetch(`http://127.0.0.1:${storePort}/`);
    expect(await store.text()).toContain('<div id="root">');
    const hq = await fetch(`http://127.0.0.1:${port}/hq/`);
    expect(await hq.text()).toContain('OmniTill HQ');
    expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()).toEqual({
      ok: true,
      db: 'sqlite',
    });

    // `npm run scan -- <code>` types into the demo serial scanner; the store app hears it over SSE.
    expect(output()).toContain('npm run scan -- ');
    const events = await fetch(`http://127.0.0.1:${storePort}/local/scanner/events`);
    const reader = events.body!.getReader();
    let stream = '';
    const scan = spawn(
      process.execPath,
      ['--import', 'tsx', 'tools/scanners/simulateScan.ts', '010460123456789321SN1\\x1d93abcd'],
      { cwd: root, env: { ...process.env, DATA_DIR: dataDir }, stdio: 'inherit' },
    );
    await new Promise((r) => scan.once('exit', r));
    expect(scan.exitCode).toBe(0);
    const deadline = Date.now() + 10_000;
    while (!/event: scan\n[^]*?\n\n/.test(stream) && Date.now() < deadline) {
      const { value } = await reader.read();
      stream += new TextDecoder().decode(value);
    }
    await reader.cancel();
    const data = /event: scan\n(?:id: .*\n)?data: (.*)\n/.exec(stream)?.[1];
    expect(JSON.parse(data ?? 'null')).toMatchObject({
      source: 'serial',
      raw: '010460123456789321SN1\u001d93abcd',
    });
    child.kill('SIGINT');
  });

  it('keeps the store app and scanners when the server is killed, and brings the server back', async () => {
    const { child, port, storePort, output } = await launch();
    const first = serverPid(child);
    expect(first).toBeDefined();

    process.kill(first!, 'SIGKILL');
    await expect.poll(output, { timeout: 10_000 }).toMatch(/The server stopped \(killed by SIGKILL\)/);
    expect(child.exitCode).toBeNull();
    // The launcher's own parts answer whatever the server does.
    expect((await fetch(`http://127.0.0.1:${storePort}/`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${storePort}/local/scanner/devices`)).status).toBe(200);

    await expect.poll(output, { timeout: 30_000 }).toContain('The server is back');
    const second = serverPid(child);
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()).toEqual({
      ok: true,
      db: 'sqlite',
    });
    child.kill('SIGINT');
  });

  it.skipIf(chromiumMissing)(
    'offers the server it started on the enrolment screen when opened without ?server=',
    async () => {
      const { child, port, storePort } = await launch();
      const context = await launchChromium();
      try {
        const page = await context.newPage();
        await page.goto(`http://127.0.0.1:${storePort}/`);
        await expect
          .poll(() => page.getByTestId('enrol-server').inputValue(), { timeout: 15_000 })
          .toBe(`http://127.0.0.1:${port}`);
        await screenshot(page, 'enrol-local-server');
      } finally {
        await context.close();
        child.kill('SIGINT');
      }
    },
  );

  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('leaves no process behind on %s', async (signal) => {
    const { child, dataDir } = await launch();
    const started = descendantPids(child.pid!);
    // At least the server and the demo scanner's socat.
    expect(started.some((pid) => commandLine(pid).includes('socat'))).toBe(true);
    expect(started.some((pid) => commandLine(pid).includes('server/main.ts'))).toBe(true);

    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill(signal);
    expect(await exited).toBe(0);
    await expect.poll(() => started.filter(isAlive), { timeout: 10_000 }).toEqual([]);
    // The demo scanner's pseudo-terminal links go with it.
    expect(existsSync(join(dataDir, 'scanner-sim'))).toBe(false);
  });
});
