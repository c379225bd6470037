import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './support/serverProcess';

const root = resolve(import.meta.dirname, '../..');

describe('npm start without an Electron binary', () => {
  const children: ReturnType<typeof spawn>[] = [];
  afterAll(() => {
    for (const child of children) child.kill('SIGINT');
  });

  it('says so in one line, serves the store app, HQ and the server, and takes demo scanner codes', async () => {
    const port = await freePort();
    const storePort = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'omnitill-start-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'tools/launch.ts'], {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        STORE_PORT: String(storePort),
        DATA_DIR: dataDir,
        DATABASE_URL: '',
        ELECTRON_OVERRIDE_DIST_PATH: join(tmpdir(), 'no-electron-here'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    await expect.poll(() => output, { timeout: 60_000, interval: 200 }).toContain('Press Ctrl+C to stop.');

    const electronLines = output.split('\n').filter((l) => l.includes('Electron'));
    expect(electronLines).toHaveLength(1);
    expect(electronLines[0]).toContain(`http://127.0.0.1:${storePort}/`);
    expect(output).toMatch(/HQ login: admin@demo\.omnitill\.org \/ \S+/);
    expect(output.match(/enrolment code for \S+/g)).toEqual([
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
    expect(output).toContain('npm run scan -- ');
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
  });
});
