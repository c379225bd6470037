import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { constants } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * Real socat pseudo-terminal pairs for serial tests (docs/scanners.md §8.3). Every pair is tracked and
 * killed by its own pid in `killAllPairs`, which each test file calls after each test.
 */

const running = new Set<ChildProcess>();

export function requireSocat(): void {
  try {
    execFileSync('socat', ['-V'], { stdio: 'ignore' });
  } catch {
    throw new Error('socat is required for the serial tests: apt-get install -y socat');
  }
}

export async function tempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'omnitill-scanner-'));
}

export async function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  label: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export type SocatPair = {
  simPath: string;
  appPath: string;
  child: ChildProcess;
  kill(signal?: NodeJS.Signals): Promise<void>;
};

export async function spawnPair(dir: string, sim = 'sim', app = 'app'): Promise<SocatPair> {
  const simPath = path.join(dir, sim);
  const appPath = path.join(dir, app);
  await Promise.all([rm(simPath, { force: true }), rm(appPath, { force: true })]);
  const child = spawn('socat', [`pty,raw,echo=0,link=${simPath}`, `pty,raw,echo=0,link=${appPath}`], {
    stdio: 'ignore',
  });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => running.delete(child));
  const present = async (file: string) =>
    stat(file).then(
      () => true,
      () => false,
    );
  await waitFor(
    async () => ((await present(simPath)) && (await present(appPath)) ? true : undefined),
    'socat links',
  );
  return {
    simPath,
    appPath,
    child,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
        await exited;
      }
    },
  };
}

export async function killAllPairs(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

/** The scanner's end: writes chunks with a pause between them so they arrive as separate reads. */
export async function openWriter(
  file: string,
): Promise<{ write(chunks: (string | Buffer)[], gapMs?: number): Promise<void>; close(): Promise<void> }> {
  const handle: FileHandle = await open(file, constants.O_WRONLY | constants.O_NOCTTY);
  return {
    async write(chunks, gapMs = 0) {
      for (const [i, chunk] of chunks.entries()) {
        if (i > 0 && gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
        await handle.write(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
      }
    },
    close: () => handle.close(),
  };
}
