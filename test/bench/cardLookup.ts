import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { startStoreHost } from '../../tools/storeHost';
import { chromiumMissing, launchChromium } from '../e2e/support/browser';

const CARDS = Number(process.env.BENCH_CARDS ?? 1_000_000);
const REFERENCE_CARDS = 1_000;
const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? 500);

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

type Measured = { times: number[]; stored: number; fillMs: number };

/**
 * Card scan to customer panel at the till, in real Chromium (IndexedDB through Dexie): with a
 * reference table of 1,000 cards and with CARDS cards, in the same browser and run, so the ratio
 * says what the table's size costs. Goal: p95 within one frame (16 ms) at 1,000,000 cards.
 * What is timed is described in browser/cardLookup.entry.tsx.
 */
export async function run(): Promise<void> {
  if (chromiumMissing) return console.log('cardLookup: skipped, no Chromium');
  const dir = mkdtempSync(join(tmpdir(), 'omnitill-bench-page-'));
  await build({
    entryPoints: [resolve(import.meta.dirname, 'browser/cardLookup.entry.tsx')],
    bundle: true,
    format: 'iife',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    minify: true,
    outfile: join(dir, 'bench.js'),
    logLevel: 'warning',
  });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><body><script src="bench.js"></script></body>');
  const host = await startStoreHost({ rendererDist: dir, port: 0 });
  const context = await launchChromium();
  try {
    const page = await context.newPage();
    await page.goto(`${host.url}/index.html`);
    const p95: number[] = [];
    for (const cards of [REFERENCE_CARDS, CARDS]) {
      const result = await page.evaluate(
        ([c, l]) =>
          (
            globalThis as unknown as { omnitillBench: { measure(c: number, l: number): Promise<Measured> } }
          ).omnitillBench.measure(c, l),
        [cards, LOOKUPS] as const,
      );
      const sorted = [...result.times].sort((a, b) => a - b);
      p95.push(pct(sorted, 95));
      console.log(
        `cardLookup: ${LOOKUPS} card scans to customer panel with ${result.stored} cards stored: p50 ${pct(sorted, 50).toFixed(2)} ms, p95 ${pct(sorted, 95).toFixed(2)} ms, p99 ${pct(sorted, 99).toFixed(2)} ms, max ${sorted.at(-1)!.toFixed(2)} ms (cards loaded with bulkPut in ${(result.fillMs / 1000).toFixed(1)} s)`,
      );
    }
    console.log(
      `cardLookup: p95 at ${CARDS} cards / p95 at ${REFERENCE_CARDS} cards = ${(p95[1]! / p95[0]!).toFixed(2)}`,
    );
  } finally {
    await context.close();
    await host.close();
  }
}
