import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { BrowserContext, Page } from 'playwright-core';
import { startStoreHost, type StoreHost } from '../../../tools/storeHost';
import { launchChromium } from '../../e2e/support/browser';

export type BenchPage = { page: Page; close(): Promise<void> };

/**
 * Bundles one browser entry of test/bench/browser/ and opens it in a real Chromium, served from
 * the store host as the till's own pages are, so IndexedDB is Chromium's on its profile folder.
 */
export async function openBenchPage(entry: string): Promise<BenchPage> {
  const dir = mkdtempSync(join(tmpdir(), 'omnitill-bench-page-'));
  await build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    outfile: join(dir, 'bench.js'),
    logLevel: 'warning',
  });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><script src="bench.js"></script>');
  const host: StoreHost = await startStoreHost({ rendererDist: dir, port: 0 });
  const context: BrowserContext = await launchChromium();
  const page = await context.newPage();
  await page.goto(`${host.url}/index.html`);
  return {
    page,
    close: async () => {
      await context.close();
      await host.close();
    },
  };
}

export const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
