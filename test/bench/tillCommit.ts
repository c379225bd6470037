import { resolve } from 'node:path';
import { chromiumMissing } from '../e2e/support/browser';
import { openBenchPage, percentile } from './support/benchPage';

const QUEUED = Number(process.env.BENCH_QUEUED ?? 100_000);
const SALES = Number(process.env.BENCH_SALES ?? 500);
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 0);

type Measured = { times: number[]; pending: number; fillMs: number };

/**
 * Sale commit at the till in real Chromium (IndexedDB through Dexie, strict durability, as a
 * confirmed sale uses): the time from "confirm" to the committed sale + outbox transaction, with
 * the outbox already holding QUEUED unsynced operations. Beside it, in the same browser, PouchDB's
 * `put` of the same sale document into a database already holding QUEUED documents. Goals: p95 ≤
 * PouchDB's, and no slowdown as the queue grows (docs/architecture.md §6, docs/sync-protocol.md §15).
 */
export async function run(): Promise<void> {
  if (chromiumMissing) return console.log('tillCommit: skipped, no Chromium');
  const browser = await openBenchPage(resolve(import.meta.dirname, 'browser/tillCommit.entry.ts'));
  const measure = (fn: 'measure' | 'measurePouch', queued: number) =>
    browser.page.evaluate(
      ([f, q, s, ms]) =>
        (
          globalThis as unknown as {
            omnitillBench: Record<string, (q: number, s: number, settleMs: number) => Promise<Measured>>;
          }
        ).omnitillBench[f]!(q, s, ms),
      [fn, queued, SALES, queued ? SETTLE_MS : 0] as const,
    );
  try {
    const p95 = { ours: [] as number[], pouch: [] as number[] };
    for (const queued of [0, QUEUED]) {
      for (const [who, fn] of [
        ['ours', 'measure'],
        ['pouch', 'measurePouch'],
      ] as const) {
        const result = await measure(fn, queued);
        const sorted = [...result.times].sort((a, b) => a - b);
        p95[who].push(percentile(sorted, 95));
        const label = who === 'ours' ? 'ours (Dexie, strict)' : 'PouchDB put';
        console.log(
          `tillCommit: ${label}: ${SALES} sales with ${queued} already queued: p50 ${percentile(sorted, 50).toFixed(2)} ms, p95 ${percentile(sorted, 95).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms, max ${sorted.at(-1)!.toFixed(2)} ms` +
            (queued ? ` (${result.pending - SALES} filled in ${(result.fillMs / 1000).toFixed(1)} s)` : ''),
        );
      }
    }
    const [oursEmpty, oursFull] = p95.ours as [number, number];
    const [, pouchFull] = p95.pouch as [number, number];
    console.log(
      `tillCommit: ours p95 with ${QUEUED} queued / with none = ${(oursFull / oursEmpty).toFixed(2)}`,
    );
    console.log(
      `tillCommit: ours p95 / PouchDB put p95, ${QUEUED} queued = ${(oursFull / pouchFull).toFixed(2)} (goal ≤ 1)`,
    );
  } finally {
    await browser.close();
  }
}
