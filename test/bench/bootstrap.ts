import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gs1CheckDigit } from '../../shared/barcode';
import type { StoreRow } from '../../shared/sync/protocol';
import { connect, type Db } from '../../server/db/connect';
import { migrateToLatest } from '../../server/db/migrate';
import { createEnrolmentCode } from '../../server/devices/enrolment';
import { createHttpServer } from '../../server/http';
import { appendChanges, type Change } from '../../server/sync/changeLog';
import { startSnapshotWarmer } from '../../server/sync/snapshotWarmer';
import { chromiumMissing } from '../e2e/support/browser';
import { publicCaller, setUpChain } from '../server/support/chain';
import { openBenchPage, percentile } from './support/benchPage';

const PRODUCTS = Number(process.env.BENCH_BOOT_PRODUCTS ?? 200_000);
const CARDS = Number(process.env.BENCH_BOOT_CARDS ?? 1_000_000);
const LOOKUPS = 1_000;

type Device = { deviceId: string; token: string; store: StoreRow; serverUrl: string };
type Bench = {
  ours(
    device: Device,
    cardNumbers: string[],
    runNumbers: string[],
    gtins: string[],
    names: string[],
  ): Promise<{
    ms: number;
    cards: number;
    products: number;
    progressUpdates: number;
    stages: Record<string, number>;
    connection: string;
    times: number[];
    productTimes: number[];
    searchTimes: number[];
    spreadPageMs: number;
    runPageMs: number;
  }>;
  reference(device: Device): Promise<{ ms: number; rows: number }>;
};

const withCheckDigit = (body: string) => body + String(gs1CheckDigit(body));
const cardNumber = (serial: number) => withCheckDigit(`299${String(serial).padStart(9, '0')}`);
const productGtin = (i: number) => withCheckDigit(`460${String(i).padStart(9, '0')}`);

/** The change log a chain of this size leaves: every product and card written once. */
async function seed(db: Db): Promise<void> {
  const now = new Date().toISOString();
  const write = async (make: (i: number) => Change, count: number) => {
    for (let start = 0; start < count; start += 20_000) {
      const changes: Change[] = [];
      for (let i = start; i < Math.min(count, start + 20_000); i++) changes.push(make(i));
      await db.kysely.transaction().execute((trx) => appendChanges(trx, changes, now));
    }
  };
  await write((i) => {
    const id = `p-${i}`;
    const gtin = productGtin(i);
    return {
      topic: 'product',
      entityId: id,
      storeId: null,
      data: { id, gtin, name: `Product ${i}`, priceMinor: 100 + (i % 5000) },
    };
  }, PRODUCTS);
  await write((i) => {
    const number = cardNumber(i + 1);
    return {
      topic: 'card',
      entityId: number,
      storeId: null,
      data: { number, customerId: `c-${i + 1}`, maskedName: `Customer ${i + 1} P.`, status: 'active' },
    };
  }, CARDS);
}

/**
 * A new till's first start, in real Chromium against our server (SQLite) over HTTP: PRODUCTS
 * products and CARDS cards in the change log. Ours: the sync engine from an empty database until
 * its first pull is done (snapshot built ahead by the server at start, fetched, stored, then the
 * change log after it). Reference, same run: the same rows pulled in `sync.pull` pages and written with
 * Dexie `bulkPut`, no sync logic. Then LOOKUPS card scans on our till, and a pulled page of a
 * change to each scanned card, then one to LOOKUPS neighbouring cards. Goal: ≤ 60 s, card lookup
 * p95 ≤ 16 ms (docs/sync-protocol.md §17).
 */
export async function run(): Promise<void> {
  if (chromiumMissing) return console.log('bootstrap: skipped, no Chromium');
  const dataDir = mkdtempSync(join(tmpdir(), 'omnitill-bench-boot-'));
  const db = connect({ dialect: 'sqlite', dataDir });
  await migrateToLatest(db);
  const chain = await setUpChain(db);
  const seeding = performance.now();
  await seed(db);
  console.log(
    `bootstrap: seeded ${PRODUCTS} products + ${CARDS} cards in ${((performance.now() - seeding) / 1000).toFixed(1)} s`,
  );
  // As the server does at start: the store's snapshot is built ahead, before any till asks.
  const ahead = performance.now();
  const warmer = startSnapshotWarmer(db);
  await warmer.idle();
  const aheadMs = performance.now() - ahead;
  const server: Server = createHttpServer({ db });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  let snapshotMs = 0;
  server.on('request', (req, res) => {
    if (!req.url?.startsWith('/trpc/sync.snapshot')) return;
    const started = performance.now();
    res.once('finish', () => (snapshotMs += performance.now() - started));
  });
  const serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await openBenchPage(resolve(import.meta.dirname, 'browser/bootstrap.entry.ts'));
  const call = <K extends keyof Bench>(name: K, ...args: Parameters<Bench[K]>) =>
    browser.page.evaluate(
      ([n, a]) =>
        (globalThis as unknown as { omnitillBench: Record<string, (...x: unknown[]) => unknown> })
          .omnitillBench[n]!(...a),
      [name, args] as const,
    ) as Promise<Awaited<ReturnType<Bench[K]>>>;
  try {
    const enrol = async (name: string) => {
      const { code } = await createEnrolmentCode(db, chain.storeA, 60);
      const till = await publicCaller(db).device.enroll({ code, name });
      return { deviceId: till.deviceId, token: till.token, store: till.store, serverUrl };
    };
    let state = 987654321;
    const probes = Array.from({ length: LOOKUPS }, () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return cardNumber(1 + (state % CARDS));
    });
    const first = Math.max(1, Math.floor(CARDS / 2) - LOOKUPS);
    const run = Array.from({ length: Math.min(LOOKUPS, CARDS) }, (_, i) => cardNumber(first + i));
    const gtins = probes.map((_, i) => productGtin((i * 7919) % PRODUCTS));
    // What a cashier types into the scan box: "Product 1", "Product 12", … (a prefix of many names).
    const names = probes
      .slice(0, 200)
      .map((_, i) => `product ${String((i * 7919) % PRODUCTS).slice(0, 1 + (i % 5))}`);
    const ours = await call('ours', await enrol('Bench new till'), probes, run, gtins, names);
    const reference = await call('reference', await enrol('Bench reference till'));
    const rows = PRODUCTS + CARDS;
    const times = [...ours.times].sort((a, b) => a - b);
    console.log(
      `bootstrap: ours      ${rows} rows to a new till in ${(ours.ms / 1000).toFixed(1)} s = ${Math.round(rows / (ours.ms / 1000))} rows/s (${ours.products} products, ${ours.cards} cards in blocks; of it ${(snapshotMs / 1000).toFixed(1)} s in sync.snapshot, the snapshots built ahead at start in ${(aheadMs / 1000).toFixed(1)} s; ${ours.progressUpdates} progress updates; ${ours.connection})`,
    );
    console.log(`bootstrap: where ours went (ms, summed over parts; storing a part holds its transaction):`);
    for (const [stage, ms] of Object.entries(ours.stages).sort((a, b) => b[1] - a[1]))
      console.log(`bootstrap:   ${stage.padEnd(36)} ${ms.toFixed(0).padStart(7)}`);
    console.log(
      `bootstrap: reference ${reference.rows} rows with sync.pull pages + Dexie bulkPut in ${(reference.ms / 1000).toFixed(1)} s = ${Math.round(reference.rows / (reference.ms / 1000))} rows/s`,
    );
    console.log(
      `bootstrap: reference time / ours = ${(reference.ms / ours.ms).toFixed(2)} (goal: ours ≤ 60 s at 200,000 + 1,000,000)`,
    );
    console.log(
      `bootstrap: ${LOOKUPS} card scans after it: p50 ${percentile(times, 50).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms, max ${times.at(-1)!.toFixed(2)} ms (goal p95 ≤ 16 ms)`,
    );
    const pct = (xs: number[]) => {
      const sorted = [...xs].sort((a, b) => a - b);
      return `p50 ${percentile(sorted, 50).toFixed(2)} ms, p95 ${percentile(sorted, 95).toFixed(2)} ms, max ${sorted.at(-1)!.toFixed(2)} ms`;
    };
    console.log(
      `bootstrap: ${ours.productTimes.length} product scans by GTIN after it: ${pct(ours.productTimes)}`,
    );
    console.log(
      `bootstrap: ${ours.searchTimes.length} name searches (prefix, 8 at most) after it: ${pct(ours.searchTimes)}`,
    );
    console.log(
      `bootstrap: a pulled page of ${LOOKUPS} card changes after it: cards spread over the blocks ${ours.spreadPageMs.toFixed(0)} ms, neighbouring cards ${ours.runPageMs.toFixed(0)} ms`,
    );
  } finally {
    await browser.close();
    await warmer.stop();
    server.closeAllConnections();
    await new Promise((ok) => server.close(ok));
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
