import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { startStoreHost, type StoreHost } from '../../../tools/storeHost';
import { launchChromium } from './browser';
import { freePort, startServerProcess, type ServerProcess } from './serverProcess';

export type TillRig = {
  /** The server as it runs now; replaced by `restartServer`. */
  readonly server: ServerProcess;
  host: StoreHost;
  /** The server's data folder (its SQLite database), kept across restarts. */
  dataDir: string;
  context: BrowserContext;
  /** The store app's address, pointed at the server. */
  storeUrl: string;
  stopServer(): Promise<void>;
  /** Starts the server again on the same port and data folder, as after an outage. */
  restartServer(): Promise<void>;
  close(): Promise<void>;
};

/** What a till's offline story needs: the real server in its own process, the store host, Chromium. */
export async function startTillRig(name: string): Promise<TillRig> {
  const dataDir = mkdtempSync(join(tmpdir(), `omnitill-e2e-${name}-`));
  const port = await freePort();
  let server = await startServerProcess(port, dataDir);
  const host = await startStoreHost({
    rendererDist: resolve(import.meta.dirname, '../../../dist/renderer'),
    port: 0,
  });
  const context = await launchChromium();
  return {
    get server() {
      return server;
    },
    host,
    dataDir,
    context,
    storeUrl: `${host.url}/?server=${encodeURIComponent(server.url)}`,
    stopServer: () => server.stop(),
    restartServer: async () => {
      server = await startServerProcess(port, dataDir);
    },
    close: async () => {
      await context.close();
      await host.close();
      await server.stop();
    },
  };
}

/** A new till of the store, enrolled in a new tab as a cashier would, once its catalog is loaded. */
export async function enrolTill(rig: TillRig, store = 'MSK-01', name = 'Till 1'): Promise<Page> {
  const till = await rig.context.newPage();
  await till.goto(rig.storeUrl);
  await till.getByTestId('enrol-code').fill(rig.server.enrolmentCode(store));
  await till.getByTestId('enrol-name').fill(name);
  await till.getByTestId('enrol-submit').click();
  await expect
    .poll(() => till.getByTestId('status-bar').innerText(), { timeout: 60_000 })
    .toContain('catalog up to date');
  return till;
}
