import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { backoffDelay, noJitter } from '../shared/domain/backoff';

/**
 * Keeps the server process running for `npm start`. The store app, its host and the scanner
 * bridge live in the launcher, so a server that stops (a crash, a kill, an operator testing the
 * offline path) is news, not the end: it is started again after a pause that doubles with each
 * failure in a row (1 s, 2 s, 4 s … capped), or at once when asked. A start that answers
 * /healthz resets the pause.
 */

export type SupervisorEvent =
  | { kind: 'started'; pid: number }
  | { kind: 'healthy'; pid: number }
  | { kind: 'exited'; code: number | null; signal: NodeJS.Signals | null; restartInMs: number };

export type Backoff = { initialMs: number; maxMs: number };

export type SupervisorOptions = {
  command: string;
  args: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** GET here answers 200 once the server is ready. */
  healthUrl: string;
  stdio?: StdioOptions;
  backoff?: Backoff;
  onEvent?: (event: SupervisorEvent) => void;
};

export type ServerSupervisor = {
  /** The running server's pid, if one runs. */
  pid(): number | undefined;
  /** Resolves when the first start answers /healthz; rejects if it exits or times out first. */
  firstHealthy(timeoutMs: number): Promise<void>;
  /** Starts the server now instead of waiting out the pause (no-op while one runs). */
  restartNow(): void;
  /** Stops the server (SIGTERM, then SIGKILL after `graceMs`) and restarts nothing after. */
  stop(graceMs?: number): Promise<void>;
};

export const DEFAULT_BACKOFF: Backoff = { initialMs: 1000, maxMs: 30_000 };

/**
 * The pause before restart number `failures` (1, 2, …): the project's one backoff, without jitter,
 * because a single launcher has nobody to fall in step with.
 */
export function restartDelay(failures: number, backoff: Backoff = DEFAULT_BACKOFF): number {
  return backoffDelay(failures - 1, { baseMs: backoff.initialMs, capMs: backoff.maxMs, random: noJitter });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function superviseServer(options: SupervisorOptions): ServerSupervisor {
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let stopped = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  let firstOutcome: { resolve(): void; reject(error: Error): void } | undefined;
  const firstStart = new Promise<void>((resolve, reject) => {
    firstOutcome = { resolve, reject };
  });
  // Nobody may be waiting on the first start (a caller that only supervises); never unhandled.
  firstStart.catch(() => undefined);

  const watchHealth = async (proc: ChildProcess): Promise<void> => {
    while (!stopped && child === proc && proc.exitCode === null && proc.signalCode === null) {
      const ok = await fetch(options.healthUrl, { signal: AbortSignal.timeout(2000) }).then(
        (r) => r.ok,
        () => false,
      );
      if (ok && child === proc && proc.exitCode === null) {
        failures = 0;
        options.onEvent?.({ kind: 'healthy', pid: proc.pid ?? -1 });
        firstOutcome?.resolve();
        firstOutcome = undefined;
        return;
      }
      await sleep(150);
    }
  };

  const start = (): void => {
    timer = undefined;
    if (stopped || child) return;
    const spawned = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env,
      stdio: options.stdio ?? ['ignore', 'inherit', 'inherit'],
    });
    child = spawned;
    exited = new Promise((resolve) => spawned.once('exit', () => resolve()));
    spawned.once('spawn', () => {
      options.onEvent?.({ kind: 'started', pid: spawned.pid ?? -1 });
      void watchHealth(spawned);
    });
    spawned.once('error', (error) => {
      // Spawning itself failed (no such command): reported like an exit so the pause applies.
      if (spawned.pid === undefined) onExit(spawned, null, null, error);
    });
    spawned.once('exit', (code, signal) => onExit(spawned, code, signal));
  };

  const onExit = (
    proc: ChildProcess,
    code: number | null,
    signal: NodeJS.Signals | null,
    error?: Error,
  ): void => {
    if (child !== proc) return;
    child = undefined;
    if (firstOutcome) {
      firstOutcome.reject(
        error ?? new Error(`the server exited before it answered (${signal ?? `exit code ${code}`})`),
      );
      firstOutcome = undefined;
    }
    if (stopped) return;
    failures += 1;
    const restartInMs = restartDelay(failures, backoff);
    options.onEvent?.({ kind: 'exited', code, signal, restartInMs });
    timer = setTimeout(start, restartInMs);
  };

  start();

  return {
    pid: () => child?.pid,
    firstHealthy: async (timeoutMs) => {
      let timeout: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timeout = setTimeout(
          () =>
            reject(new Error(`the server did not answer ${options.healthUrl} within ${timeoutMs / 1000} s`)),
          timeoutMs,
        );
      });
      try {
        await Promise.race([firstStart, late]);
      } finally {
        clearTimeout(timeout);
      }
    },
    restartNow: () => {
      if (stopped || child) return;
      if (timer) clearTimeout(timer);
      start();
    },
    stop: async (graceMs = 5000) => {
      stopped = true;
      if (timer) clearTimeout(timer);
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      running.kill('SIGTERM');
      const done = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
      if (!done) {
        running.kill('SIGKILL');
        await exited;
      }
    },
  };
}
