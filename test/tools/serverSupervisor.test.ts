import { afterEach, describe, expect, it } from 'vitest';
import {
  restartDelay,
  superviseServer,
  type ServerSupervisor,
  type SupervisorEvent,
} from '../../tools/serverSupervisor';
import { freePort } from '../e2e/support/serverProcess';

/** A stand-in server: answers /healthz on PORT until killed. */
const TINY_SERVER = `require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')`;

let running: ServerSupervisor | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('the server supervisor of npm start', () => {
  it('waits 1 s, 2 s, 4 s … between failed starts, never more than the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((n) => restartDelay(n))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000,
    ]);
    expect(restartDelay(3, { initialMs: 100, maxMs: 250 })).toBe(250);
  });

  it('restarts a killed server, at once when asked, and stops it for good', async () => {
    const port = await freePort();
    const events: SupervisorEvent[] = [];
    running = superviseServer({
      command: process.execPath,
      args: ['-e', TINY_SERVER],
      cwd: process.cwd(),
      env: { ...process.env, PORT: String(port) },
      healthUrl: `http://127.0.0.1:${port}/healthz`,
      stdio: 'ignore',
      // A pause long enough that only "restart now" can bring it back within the test.
      backoff: { initialMs: 60_000, maxMs: 60_000 },
      onEvent: (event) => events.push(event),
    });
    await running.firstHealthy(10_000);
    const first = running.pid()!;

    process.kill(first, 'SIGKILL');
    await expect.poll(() => events.some((e) => e.kind === 'exited')).toBe(true);
    expect(events.find((e) => e.kind === 'exited')).toMatchObject({ signal: 'SIGKILL', restartInMs: 60_000 });
    expect(running.pid()).toBeUndefined();

    running.restartNow();
    await expect.poll(() => events.filter((e) => e.kind === 'healthy').length, { timeout: 10_000 }).toBe(2);
    const second = running.pid()!;
    expect(second).not.toBe(first);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).ok).toBe(true);

    await running.stop();
    expect(running.pid()).toBeUndefined();
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    expect(events.filter((e) => e.kind === 'exited')).toHaveLength(1);
  });

  it('reports a first start that dies before it answers', async () => {
    running = superviseServer({
      command: process.execPath,
      args: ['-e', 'process.exit(3)'],
      cwd: process.cwd(),
      env: process.env,
      healthUrl: 'http://127.0.0.1:9/healthz',
      stdio: 'ignore',
    });
    await expect(running.firstHealthy(10_000)).rejects.toThrow(/exit code 3/);
  });
});
