import { resolve } from 'node:path';
import { chromiumMissing } from '../e2e/support/browser';
import { openBenchPage, percentile } from './support/benchPage';
import { tillCommitKinds, tillCommitLabels, type TillCommitKind } from './support/tillCommitKinds';

const QUEUED = Number(process.env.BENCH_QUEUED ?? 100_000);
const SALES = Number(process.env.BENCH_SALES ?? 500);
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 0);

type Measured = { times: Record<TillCommitKind, number[]>; pending: number; fillMs: number };

/**
 * Sale commit at the till in real Chromium (IndexedDB through Dexie, strict durability, as a
 * confirmed sale uses): the time from "confirm" to the committed sale + outbox transaction, with
 * the outbox already holding QUEUED unsynced operations. Beside it, in the same browser and in
 * turns, PouchDB's `put` of the same sale document into a database already holding QUEUED
 * documents, and the floor IndexedDB itself sets: the same writes without Dexie or reads, one
 * record strict and relaxed, an empty strict transaction. Goals: p95 ≤ PouchDB's, and no slowdown
 * as the queue grows (docs/architecture.md §6, docs/sync-protocol.md §15).
 */
export async function run(): Promise<void> {
  if (chromiumMissing) return console.log('tillCommit: skipped, no Chromium');
  const browser = await openBenchPage(resolve(import.meta.dirname, 'browser/tillCommit.entry.ts'));
  const measure = (queued: number) =>
    browser.page.evaluate(
      ([q, s, ms]) =>
        (
          globalThis as unknown as {
            omnitillBench: { measure: (q: number, s: number, settleMs: number) => Promise<Measured> };
          }
        ).omnitillBench.measure(q, s, ms),
      [queued, SALES, queued ? SETTLE_MS : 0] as const,
    );
  try {
    const p95 = new Map<number, Record<TillCommitKind, number>>();
    for (const queued of [0, QUEUED]) {
      const result = await measure(queued);
      const row = {} as Record<TillCommitKind, number>;
      console.log(
        `tillCommit: ${SALES} of each, in turns, with ${queued} already queued` +
          (queued ? ` (filled in ${(result.fillMs / 1000).toFixed(1)} s)` : ''),
      );
      for (const kind of tillCommitKinds) {
        const sorted = [...result.times[kind]].sort((a, b) => a - b);
        row[kind] = percentile(sorted, 95);
        console.log(
          `tillCommit:   ${tillCommitLabels[kind].padEnd(36)} p50 ${percentile(sorted, 50).toFixed(2)} ms, p95 ${row[kind].toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms, max ${sorted.at(-1)!.toFixed(2)} ms`,
        );
      }
      p95.set(queued, row);
    }
    const empty = p95.get(0)!;
    const full = p95.get(QUEUED)!;
    console.log(
      `tillCommit: ours p95 with ${QUEUED} queued / with none = ${(full.ours / empty.ours).toFixed(2)}`,
    );
    console.log(
      `tillCommit: ours p95 / PouchDB put p95, ${QUEUED} queued = ${(full.ours / full.pouch).toFixed(2)} (goal ≤ 1)`,
    );
    console.log(
      `tillCommit: ours p95 / PouchDB put made strict p95 (the till's durability), ${QUEUED} queued = ${(full.ours / full.pouchStrict).toFixed(2)}`,
    );
    console.log(
      `tillCommit: ours p95 / one strict record p95, ${QUEUED} queued = ${(full.ours / full.oneStrict).toFixed(2)}`,
    );
  } finally {
    await browser.close();
  }
}
