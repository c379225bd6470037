import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '../../../..');

/**
 * The push server's test entry (the one the crash tests kill) bundled once to plain JavaScript, so
 * a restart costs a Node start and not a TypeScript compile of the whole server. Packages stay
 * external and load from the project's node_modules through a link beside the bundle.
 */
export async function bundleIngestServer(): Promise<{ file: string; dispose(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'omnitill-fault-server-'));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const file = join(dir, 'server.mjs');
  await build({
    entryPoints: [join(root, 'test/server/sync/support/ingestServer.ts')],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  return { file, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export type IngestProcess = { url: string; kill(): Promise<void> };

/** Starts one server process on the database `env` names; resolves once it listens. */
export async function startIngestProcess(file: string, env: Record<string, string>): Promise<IngestProcess> {
  const child: ChildProcess = spawn(process.execPath, [file], {
    cwd: root,
    env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const port = await new Promise<number>((ok, fail) => {
    const check = setInterval(() => {
      const match = /listening on (\d+)/.exec(output);
      if (match) {
        clearInterval(check);
        ok(Number(match[1]));
      } else if (child.exitCode !== null) {
        clearInterval(check);
        fail(new Error(`server exited: ${output}`));
      }
    }, 20);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    /** SIGKILL: no shutdown work, what is not committed is lost, as in a crash or power cut. */
    kill: () =>
      new Promise<void>((ok) => {
        if (child.exitCode !== null || child.signalCode !== null) return ok();
        child.once('exit', () => ok());
        child.kill('SIGKILL');
      }),
  };
}
