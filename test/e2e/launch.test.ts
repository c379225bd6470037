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

  it('says so in one line and serves the store app, HQ and the server', async () => {
    const port = await freePort();
    const storePort = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'electron/launch.ts'], {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        STORE_PORT: String(storePort),
        DATA_DIR: mkdtempSync(join(tmpdir(), 'omnitill-start-')),
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
  });
});
