import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { SerialDeviceConfig } from '../../shared/ipc/scanner';
import type { Result } from '../../electron/hardware/result';
import { err, errorMessage, ok } from '../../electron/hardware/result';

/**
 * Demo mode's virtual serial scanner: a socat pseudo-terminal pair in the data folder. The app
 * opens `scanner-app` by path like any serial scanner; `simulateScan.ts` writes codes into
 * `scanner-sim`. Verified on Debian 12 in docs/scanners.md §8.3 (socat pty pair + serialport); ptys ignore
 * the baud rate. If socat dies it is restarted, and the device manager's reconnect-by-path finds
 * the new pty behind the same link name.
 */

export const DEMO_SIM_LINK = 'scanner-sim';
export const DEMO_APP_LINK = 'scanner-app';

export type DemoPairEvent =
  | { kind: 'started'; pid: number }
  | { kind: 'exited'; code: number | null; signal: NodeJS.Signals | null; stderr: string }
  | { kind: 'restart-failed'; detail: string };

export type DemoPairError = { kind: 'socat-missing' | 'spawn-failed' | 'links-timeout'; detail: string };

export type DemoSerialPairOptions = {
  dataDir: string;
  socatPath?: string;
  readyTimeoutMs?: number;
  restartDelayMs?: number;
  onEvent?: (event: DemoPairEvent) => void;
};

export type DemoSerialPair = {
  simPath: string;
  appPath: string;
  /** The running socat's pid (tests kill it to simulate an unplug). */
  pid(): number | undefined;
  stop(): Promise<void>;
};

/** The serial device demo mode configures: the app end of the pair, CRLF as simulateScan sends. */
export function demoScannerDevice(dataDir: string): SerialDeviceConfig {
  return {
    key: 'demo-serial',
    label: 'Demo scanner (npm run scan)',
    enabled: true,
    kind: 'serial',
    identity: { by: 'path', path: path.join(dataDir, DEMO_APP_LINK) },
    baudRate: 9600,
    dataBits: 8,
    parity: 'none',
    stopBits: 1,
    suffix: 'crlf',
    idleTimeoutMs: 100,
    encoding: 'utf-8',
  };
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file); // follows the link: a link to a vanished pty does not count
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

type Spawned = { child: ChildProcess; stderr: () => string; exited: Promise<void> };

function spawnSocat(
  socat: string,
  simPath: string,
  appPath: string,
): Promise<Result<Spawned, DemoPairError>> {
  return new Promise((resolve) => {
    const child = spawn(
      socat,
      ['-d', '-d', `pty,raw,echo=0,link=${simPath}`, `pty,raw,echo=0,link=${appPath}`],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    // socat -d -d logs to stderr; keep the tail for error messages and never let the pipe fill up.
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2000);
    });
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.once('error', (error: NodeJS.ErrnoException) => {
      resolve(
        err(
          error.code === 'ENOENT'
            ? { kind: 'socat-missing', detail: `${socat} not found: apt-get install -y socat` }
            : { kind: 'spawn-failed', detail: errorMessage(error) },
        ),
      );
    });
    child.once('spawn', () => resolve(ok({ child, stderr: () => stderr, exited })));
  });
}

async function waitForLinks(paths: string[], timeoutMs: number, alive: () => boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && alive()) {
    const ready = await Promise.all(paths.map(exists));
    if (ready.every(Boolean)) return true;
    await sleep(20);
  }
  return false;
}

export async function startDemoSerialPair(
  options: DemoSerialPairOptions,
): Promise<Result<DemoSerialPair, DemoPairError>> {
  const socat = options.socatPath ?? 'socat';
  const readyTimeoutMs = options.readyTimeoutMs ?? 5000;
  const restartDelayMs = options.restartDelayMs ?? 500;
  const simPath = path.join(options.dataDir, DEMO_SIM_LINK);
  const appPath = path.join(options.dataDir, DEMO_APP_LINK);
  await mkdir(options.dataDir, { recursive: true });

  let stopped = false;
  let current: Spawned | undefined;
  let restartTimer: NodeJS.Timeout | undefined;

  const launch = async (): Promise<Result<Spawned, DemoPairError>> => {
    // Links left by a socat that was killed hard point at vanished ptys; socat would not replace them.
    await Promise.all([rm(simPath, { force: true }), rm(appPath, { force: true })]);
    const spawned = await spawnSocat(socat, simPath, appPath);
    if (!spawned.ok) return spawned;
    const { child } = spawned.value;
    let running = true;
    void spawned.value.exited.then(() => {
      running = false;
    });
    const ready = await waitForLinks([simPath, appPath], readyTimeoutMs, () => running && !stopped);
    if (stopped) {
      // stop() ran while this restart was starting: this socat must not outlive it.
      child.kill('SIGTERM');
      return err({ kind: 'spawn-failed', detail: 'stopped while starting' });
    }
    if (!ready) {
      child.kill('SIGKILL');
      return err({
        kind: 'links-timeout',
        detail: `socat links did not appear: ${spawned.value.stderr().trim()}`,
      });
    }
    options.onEvent?.({ kind: 'started', pid: child.pid ?? -1 });
    void spawned.value.exited.then(() => {
      if (stopped || current !== spawned.value) return;
      options.onEvent?.({
        kind: 'exited',
        code: child.exitCode,
        signal: child.signalCode,
        stderr: spawned.value.stderr(),
      });
      scheduleRestart(restartDelayMs);
    });
    current = spawned.value;
    return spawned;
  };

  const scheduleRestart = (delay: number): void => {
    restartTimer = setTimeout(() => {
      restartTimer = undefined;
      if (stopped) return;
      void launch().then((result) => {
        if (result.ok || stopped) return;
        options.onEvent?.({ kind: 'restart-failed', detail: result.error.detail });
        scheduleRestart(Math.min(delay * 2, 10_000));
      });
    }, delay);
  };

  // A host that ends with process.exit() (the launcher on Ctrl+C) gets no chance to await stop();
  // killing socat is one synchronous syscall, so it is done on exit and no pty pair outlives it.
  const killOnExit = (): void => {
    stopped = true;
    current?.child.kill('SIGKILL');
  };

  const first = await launch();
  if (!first.ok) return first;
  process.once('exit', killOnExit);

  return ok({
    simPath,
    appPath,
    pid: () => (current && current.child.exitCode === null ? current.child.pid : undefined),
    async stop() {
      stopped = true;
      process.off('exit', killOnExit);
      if (restartTimer) clearTimeout(restartTimer);
      const running = current;
      current = undefined;
      if (running && running.child.exitCode === null && running.child.signalCode === null) {
        running.child.kill('SIGTERM');
        const killed = await Promise.race([running.exited.then(() => true), sleep(2000).then(() => false)]);
        if (!killed) {
          running.child.kill('SIGKILL');
          await running.exited;
        }
      }
      await Promise.all([rm(simPath, { force: true }), rm(appPath, { force: true })]);
    },
  });
}
