import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { StoreRow } from '../../shared/sync/protocol';
import { connect } from '../../server/db/connect';
import { migrateToLatest } from '../../server/db/migrate';
import { createEnrolmentCode } from '../../server/devices/enrolment';
import { createHttpServer } from '../../server/http';
import { chromiumMissing } from '../e2e/support/browser';
import { publicCaller, setUpChain } from '../server/support/chain';
import { openBenchPage } from './support/benchPage';
import { startPouchServer } from './support/pouchServer';

const SALES = Number(process.env.BENCH_DRAIN ?? 10_000);

type Device = { deviceId: string; token: string; store: StoreRow; serverUrl: string };
type Bench = {
  fillOurs(device: Device, count: number): Promise<{ name: string; queued: number; fillMs: number }>;
  drainOurs(name: string): Promise<{ ms: number; left: number; connection: string; answer: unknown }>;
  drainPouch(
    device: Device,
    url: string,
    count: number,
  ): Promise<{ ms: number; fillMs: number; written: number }>;
  pushCompression(device: Device): Promise<{ jsonBytes: number; gzipBytes: number; ms: number }>;
};

/**
 * Drain after a long offline spell, in real Chromium: SALES sales queued at a till, pushed by the
 * till's sync engine to our server (SQLite, every operation acknowledged only once on disk), and
 * the same sale documents replicated by PouchDB (IndexedDB adapter) to express-pouchdb (LevelDB)
 * in the same browser. Goal: ours ≥ 3× PouchDB (docs/sync-protocol.md §15).
 */
export async function run(): Promise<void> {
  if (chromiumMissing) return console.log('tillDrain: skipped, no Chromium');
  const dataDir = mkdtempSync(join(tmpdir(), 'omnitill-bench-drain-'));
  const db = connect({ dialect: 'sqlite', dataDir });
  await migrateToLatest(db);
  const chain = await setUpChain(db);
  const server: Server = createHttpServer({ db });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  // Time the server spends answering pushes: what is left of the drain is the till's own work.
  let pushMs = 0;
  server.on('request', (req, res) => {
    if (!req.url?.startsWith('/trpc/sync.push')) return;
    const started = performance.now();
    res.once('finish', () => (pushMs += performance.now() - started));
  });
  const serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const pouch = await startPouchServer();
  const browser = await openBenchPage(resolve(import.meta.dirname, 'browser/tillDrain.entry.ts'));
  // Calls one of the page's bench functions by name with JSON arguments.
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
    const device = await enrol('Bench drain till');
    const filled = await call('fillOurs', device, SALES);
    pushMs = 0;
    const ours = await call('drainOurs', filled.name);
    const serverMs = pushMs;
    const onServer = await db.kysely
      .selectFrom('sales')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('device_id', '=', device.deviceId)
      .executeTakeFirstOrThrow();
    const reference = await call('drainPouch', device, `${pouch.url}/bench-${Date.now()}`, SALES);
    const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));
    const oursRate = rate(SALES, ours.ms);
    const pouchRate = rate(reference.written, reference.ms);
    console.log(
      `tillDrain: ours   ${SALES} queued sales → server in ${(ours.ms / 1000).toFixed(2)} s = ${oursRate} sales/s (${Number(onServer.n)} on the server, ${ours.left} left, ${ours.connection})`,
    );
    console.log(
      `tillDrain: PouchDB ${reference.written} sale documents → express-pouchdb in ${(reference.ms / 1000).toFixed(2)} s = ${pouchRate} sales/s`,
    );
    console.log(
      `tillDrain: of our ${(ours.ms / 1000).toFixed(2)} s, the server spent ${(serverMs / 1000).toFixed(2)} s answering pushes (${rate(SALES, serverMs)} ops/s, one durable transaction per batch); the rest ${((ours.ms - serverMs) / 1000).toFixed(2)} s`,
    );
    console.log(`tillDrain: ours / PouchDB = ${(oursRate / pouchRate).toFixed(2)} (goal ≥ 3)`);
    const packed = await call('pushCompression', device);
    console.log(
      `tillDrain: a push of 500 sales: ${Math.round(packed.jsonBytes / 1024)} KiB of JSON, ${Math.round(packed.gzipBytes / 1024)} KiB gzip (${(packed.jsonBytes / packed.gzipBytes).toFixed(1)}× smaller) in ${packed.ms.toFixed(1)} ms; sent compressed only to a server on another machine (docs/sync-protocol.md §15.3)`,
    );
  } finally {
    await browser.close();
    await pouch.close();
    server.closeAllConnections();
    await new Promise((ok) => server.close(ok));
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
