import { pino, type Logger } from 'pino';

/**
 * Two outputs, on purpose. `logger` is for operators and machines: one JSON object per line
 * (pino), with a level, a time and fields, on stdout where a service manager collects it.
 * `print` is for the person at the terminal who ran a command: the addresses, the login, the next
 * step, as plain lines. Nothing else writes to the console (ESLint `no-console` in server, tools,
 * electron and shared code).
 */
export const logger: Logger = pino({
  base: { service: 'omnitill' },
  // LOG_LEVEL is read with the rest of the environment (env.ts); main.ts sets it at start-up.
  level: 'info',
});

/** A user-facing line (or lines) on stdout. */
export function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** A user-facing problem on stderr, for command-line tools that then exit non-zero. */
export function printError(text: string): void {
  process.stderr.write(`${text}\n`);
}

/**
 * Runs a command-line tool's `main` and exits with the code it answers; a failure it did not
 * expect is printed as one line (its message, never a stack a user cannot act on) with exit code 1.
 */
export function runCli(main: (args: readonly string[]) => Promise<number | void>): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code ?? 0;
    },
    (error: unknown) => {
      printError(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    },
  );
}
