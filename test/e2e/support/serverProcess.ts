import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => ok(port));
    });
  });
}

export type ServerProcess = {
  url: string;
  output: () => string;
  enrolmentCode: (storeCode: string) => string;
  adminPassword: () => string;
  stop: () => Promise<void>;
};

/** The real server as `npm start` runs it (with the demo chain), in its own process, on a fixed port and folder. */
export async function startServerProcess(port: number, dataDir: string): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', resolve(root, 'server/main.ts')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      SEED_DEMO: 'auto',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (!output.includes('enrolment code for') && !output.includes('OmniTill server on')) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    if (Date.now() > deadline) throw new Error(`server did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 200)); // the rest of the start-up lines
  return {
    url,
    output: () => output,
    enrolmentCode: (storeCode) => {
      const match = new RegExp(`enrolment code for ${storeCode} \\([^)]*\\): (\\S+)`).exec(output);
      if (!match?.[1]) throw new Error(`no enrolment code for ${storeCode} in:\n${output}`);
      return match[1];
    },
    adminPassword: () => {
      const match = /HQ login: \S+ \/ (\S+)/.exec(output);
      if (!match?.[1]) throw new Error(`no HQ login in:\n${output}`);
      return match[1];
    },
    stop: () =>
      new Promise<void>((ok) => {
        if (child.exitCode !== null) return ok();
        child.once('exit', () => ok());
        child.kill('SIGTERM');
      }),
  };
}
