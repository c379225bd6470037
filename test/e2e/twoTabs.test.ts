import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStoreHost, type StoreHost } from '../../electron/storeHost';
import { demoProducts } from '../../server/seed/demoData';
import { chromiumMissing, launchChromium } from './support/browser';
import { freePort, startServerProcess, type ServerProcess } from './support/serverProcess';

const products = demoProducts(300);

describe.skipIf(chromiumMissing)('two windows of one till', () => {
  let dataDir: string;
  let port: number;
  let server: ServerProcess;
  let host: StoreHost;
  let context: BrowserContext;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'omnitill-e2e-tabs-'));
    port = await freePort();
    server = await startServerProcess(port, dataDir);
    host = await startStoreHost({
      rendererDist: resolve(import.meta.dirname, '../../dist/renderer'),
      port: 0,
    });
    context = await launchChromium();
  });

  afterAll(async () => {
    await context?.close();
    await host?.close();
    await server?.stop();
  });

  async function sell(page: Page, gtin: string) {
    const input = page.getByTestId('scan-input');
    await input.fill(gtin);
    await input.press('Enter');
    await expect.poll(() => page.getByTestId('cart-lines').count()).toBe(1);
    await page.getByTestId('confirm').click();
    await expect.poll(() => page.getByTestId('cart-lines').count()).toBe(0);
  }

  it('sell from both with one gap-free sequence, and every sale reaches the server once', async () => {
    const url = `${host.url}/?server=${encodeURIComponent(server.url)}`;
    const first = await context.newPage();
    await first.goto(url);
    await first.getByTestId('enrol-code').fill(server.enrolmentCode('SPB-01'));
    await first.getByTestId('enrol-submit').click();
    await expect
      .poll(() => first.getByTestId('status-bar').innerText(), { timeout: 30_000 })
      .toContain('300 / 300');
    const second = await context.newPage();
    await second.goto(url);
    await expect
      .poll(() => second.getByTestId('status-bar').innerText(), { timeout: 30_000 })
      .toContain('300 / 300');

    // Every push answer either window receives.
    const answers: string[] = [];
    for (const page of [first, second]) {
      page.on('response', (response) => {
        if (response.url().includes('/trpc/sync.push'))
          void response.text().then((body) => answers.push(body));
      });
    }

    await server.stop();
    for (let i = 0; i < 6; i++) {
      await sell(first, products[i]!.gtin);
      await sell(second, products[10 + i]!.gtin);
    }
    await expect.poll(() => first.getByTestId('pending').innerText()).toMatch(/: 12\b/);

    server = await startServerProcess(port, dataDir);
    for (const page of [first, second]) {
      await expect
        .poll(() => page.getByTestId('pending').innerText(), { timeout: 70_000, interval: 500 })
        .toMatch(/: 0\b/);
    }

    const statuses = answers.flatMap((body) => [...body.matchAll(/"status":"(\w+)"/g)].map((m) => m[1]));
    expect(statuses.filter((s) => s === 'applied')).toHaveLength(12);
    // No gap, no reused seq, no rejection: the two windows shared one sequence of operations.
    expect(statuses.filter((s) => s !== 'applied' && s !== 'duplicate')).toEqual([]);
  });
});
