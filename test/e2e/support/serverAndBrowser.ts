import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser';
import { freePort, startServerProcess, type ServerProcess } from './serverProcess';

/**
 * For a suite of HQ pages: the real server in its own process on a fresh data folder (demo chain
 * seeded) and a Chromium context, started before the suite and stopped after it.
 */
export function serverAndBrowser(name: string): {
  readonly server: ServerProcess;
  readonly context: BrowserContext;
} {
  let server: ServerProcess | undefined;
  let context: BrowserContext | undefined;
  beforeAll(async () => {
    server = await startServerProcess(await freePort(), mkdtempSync(join(tmpdir(), `omnitill-e2e-${name}-`)));
    context = await launchChromium();
  });
  afterAll(async () => {
    await context?.close();
    await server?.stop();
  });
  return {
    get server() {
      if (!server) throw new Error('the server is not started yet');
      return server;
    },
    get context() {
      if (!context) throw new Error('the browser is not started yet');
      return context;
    },
  };
}
