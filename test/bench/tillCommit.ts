import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { startStoreHost } from '../../tools/storeHost';
import { chromiumMissing, launchChromium } from '../e2e/support/browser';

const QUEUED = Number(process.env.BENCH_QUEUED ?? 100_000);
const SALES = Number(process.env.BENCH_SALES ?? 500);

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/**
 * Sale commit at the till in real Chromium (IndexedDB through Dexie, strict durability, as a
 * confirmed sale uses): the time from "confirm" to the committed sale + outbox transaction, with
 * the outbox already holding QUEUED unsynced operations. Goal: p95 ≤ 8 ms, no slowdown as the
 * queue grows (docs/architecture.md §6).
 */
export async function run(): Promise<void> {
  if (chromiumMissing) return console.log('tillCommit: skipped, no Chromium');
  const dir = mkdtempSync(join(tmpdir(), 'omnitill-bench-page-'));
  await build({
    entryPoints: [resolve(import.meta.dirname, 'browser/tillCommit.entry.ts')],
    bundle: true,
    format: 'iife',
    outfile: join(dir, 'bench.js'),
    logLevel: 'warning',
  });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><script src="bench.js"></script>');
  const host = await startStoreHost({ rendererDist: dir, port: 0 });
  const context = await launchChromium();
  try {
    const page = await context.newPage();
    await page.goto(`${host.url}/index.html`);
    const p95: number[] = [];
    for (const queued of [0, QUEUED]) {
      const result = await page.evaluate(
        ([q, s]) =>
          (
            globalThis as unknown as {
              omnitillBench: {
                measure(q: number, s: number): Promise<{ times: number[]; pending: number; fillMs: number }>;
              };
            }
          ).omnitillBench.measure(q, s),
        [queued, SALES] as const,
      );
      const sorted = [...result.times].sort((a, b) => a - b);
      p95.push(pct(sorted, 95));
      console.log(
        `tillCommit: ${SALES} sales with ${queued} operations already queued: p50 ${pct(sorted, 50).toFixed(2)} ms, p95 ${pct(sorted, 95).toFixed(2)} ms, p99 ${pct(sorted, 99).toFixed(2)} ms, max ${sorted.at(-1)!.toFixed(2)} ms` +
          (queued
            ? ` (queue of ${result.pending - SALES} filled in ${(result.fillMs / 1000).toFixed(1)} s)`
            : ''),
      );
    }
    // The empty queue is the reference measured in the same browser: the ratio is what the queue costs.
    console.log(`tillCommit: p95 with ${QUEUED} queued / p95 with none = ${(p95[1]! / p95[0]!).toFixed(2)}`);
  } finally {
    await context.close();
    await host.close();
  }
}
