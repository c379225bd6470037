import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { uuidv7 } from '../../shared/domain/uuidv7';
import type { OutboxOp } from '../../shared/sync/protocol';
import type { Db } from '../../server/db/connect';
import * as ours from './ingest/product';
import { pushRequests, sendPushes } from './ingest/pushRequests';
import { runRawPostgres, type RawPgMode } from './ingest/rawPostgres';
import { runRawSqlite, type RawSqliteMode } from './ingest/rawSqlite';
import type { RawOp, RawStream } from './ingest/rawStatements';
import { makeSale, saleOp, setUpChain } from '../server/support/chain';
import { createEnrolmentCode } from '../../server/devices/enrolment';
import { publicCaller } from '../server/support/chain';

const OPS = Number(process.env.BENCH_OPS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BATCH = 500;
const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** A checkout of the code to compare with (e.g. main), its node_modules in place: measured beside ours. */
const BASELINE = process.env.BENCH_BASELINE_DIR;
/** `sqlite`, `postgres` or both (the default), comma-separated. */
const ENGINES = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',');

type Engine = 'sqlite' | 'postgres';
type Path = 'product' | 'baseline' | RawSqliteMode | RawPgMode;
type Till = { deviceId: string; token: string; installId: string; ops: OutboxOp[]; raw: RawOp[] };

/**
 * Server ingest, the product over HTTP + tRPC + zod beside the raw ceiling of the same schema, in
 * the same run with the paths interleaved round by round (the machine's load moves; a ratio taken
 * from one round is fairer than figures from two runs). Sales of three lines on a known card, in
 * batches of 500, by one till and by eight tills at once; every figure is a fresh database. The
 * tills' request bodies are written before the clock starts and sent with node:http
 * (./ingest/pushRequests.ts), so what the figure holds of the tills' own work is the least a
 * client costs: a connection and the answer read.
 * Ceilings: SQLite, better-sqlite3 running the product's statements (one transaction per
 * operation; one per batch with a savepoint per operation), PostgreSQL, pg running them (one
 * transaction per operation; each batch as one data-modifying CTE). `BENCH_BASELINE_DIR` adds the
 * product as built in another checkout. Figures: median of the rounds, ratio product/ceiling.
 */
export async function run(): Promise<void> {
  const pgReachable = await reachable();
  if (!pgReachable) console.log(`postgres: skipped, no server at ${PG_URL}`);
  const engines = (['sqlite', 'postgres'] as const).filter(
    (e) => ENGINES.includes(e) && (e === 'sqlite' || pgReachable),
  );
  const baseline = BASELINE ? await ours.load(resolve(BASELINE)) : null;
  const figures = new Map<string, number[]>();
  const record = (engine: Engine, tills: number, path: Path, opsPerSecond: number) => {
    const key = `${engine}|${tills}|${path}`;
    figures.set(key, [...(figures.get(key) ?? []), opsPerSecond]);
    console.log(`  round: ${engine}, ${tills} till(s), ${path}: ${Math.round(opsPerSecond)} ops/s`);
  };
  // Untimed: a server runs warm, and the first figure of a path would otherwise include V8
  // compiling it (the product's first PostgreSQL figure ran at 65 to 85 % of its later ones here).
  for (const engine of engines) {
    for (const path of [
      'product',
      engine === 'sqlite' ? 'tx per batch, savepoint per op' : 'one CTE per batch',
    ] as const)
      await measure(engine, 1, path, baseline);
    if (baseline) await measure(engine, 1, 'baseline', baseline);
  }
  for (let round = 1; round <= ROUNDS; round++) {
    for (const engine of engines) {
      for (const tills of [1, 8]) {
        const raws: Path[] =
          engine === 'sqlite'
            ? ['tx per op', 'tx per batch, savepoint per op']
            : ['tx per op', 'one CTE per batch'];
        const paths: Path[] = ['product', ...(baseline ? (['baseline'] as const) : []), ...raws];
        // Each round starts with another path, so none always runs on the warmest machine.
        const order = paths.map((_, i) => paths[(i + round - 1) % paths.length]!);
        for (const path of order) record(engine, tills, path, await measure(engine, tills, path, baseline));
      }
    }
  }
  report(figures, engines, baseline !== null);
}

async function measure(
  engine: Engine,
  tills: number,
  path: Path,
  baseline: ours.Product | null,
): Promise<number> {
  const product = path === 'baseline' ? baseline! : ours.current;
  const place = await openPlace(engine, product);
  try {
    const { db } = place;
    const chain = await setUpChain(db);
    const perTill = Math.floor(OPS / tills);
    // One after another: enrolments from one address at the same instant race in the attempt
    // limiter's bookkeeping on PostgreSQL, which is not what this measures.
    const tillsReady: Till[] = [];
    for (let t = 0; t < tills; t++) tillsReady.push(await enrolTill(db, chain.storeA, t, perTill));
    if (path === 'product' || path === 'baseline') {
      const server: Server = product.createHttpServer({ db });
      await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const requests = tillsReady.map((till) => pushRequests(till, BATCH));
      const started = performance.now();
      await Promise.all(requests.map((till) => sendPushes(base, till)));
      const seconds = (performance.now() - started) / 1000;
      server.closeAllConnections();
      await new Promise((ok) => server.close(ok));
      return (perTill * tills) / seconds;
    }
    const work = await rawWork(db, chain.storeA, tillsReady);
    await db.close();
    place.closed = true;
    const started = performance.now();
    if (engine === 'sqlite') runRawSqlite(place.file!, work, BATCH, path as RawSqliteMode);
    else await runRawPostgres(PG_URL, place.schema!, work, BATCH, path as RawPgMode);
    const seconds = (performance.now() - started) / 1000;
    return (perTill * tills) / seconds;
  } finally {
    await place.dispose();
  }
}

type Place = { db: Db; file?: string; schema?: string; closed: boolean; dispose(): Promise<void> };

async function openPlace(engine: Engine, product: ours.Product): Promise<Place> {
  if (engine === 'sqlite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'omnitill-bench-'));
    const db = product.connect({ dialect: 'sqlite', dataDir });
    await product.migrateToLatest(db);
    const place: Place = {
      db,
      file: join(dataDir, 'omnitill.sqlite'),
      closed: false,
      dispose: async () => {
        if (!place.closed) await db.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
    return place;
  }
  const schema = `bench_${uuidv7().replace(/-/g, '').slice(-12)}`;
  await admin(`create schema ${schema}`);
  const db = product.connect({ dialect: 'postgres', url: PG_URL, schema });
  await product.migrateToLatest(db);
  const place: Place = {
    db,
    schema,
    closed: false,
    dispose: async () => {
      if (!place.closed) await db.close();
      await admin(`drop schema ${schema} cascade`);
    },
  };
  return place;
}

async function enrolTill(db: Db, storeId: string, t: number, count: number): Promise<Till> {
  const { code } = await createEnrolmentCode(db, storeId, 60);
  const device = await publicCaller(db).device.enroll({ code, name: `Bench till ${t}` });
  const ops: OutboxOp[] = [];
  const raw: RawOp[] = [];
  for (let i = 0; i < count; i++) {
    const sale = makeSale({ receiptNo: `B${t}-${i + 1}` }, [
      [8990, 2000],
      [5490, 1000],
      [19900, 1250],
    ]);
    const op = saleOp(i + 1, sale);
    ops.push(op);
    raw.push({ opId: op.opId, seq: op.seq, hash: op.payloadHash, sale });
  }
  return { deviceId: device.deviceId, token: device.token, installId: uuidv7(), ops, raw };
}

/** What the product has in place before the first push: each till's stream and the card's account. */
async function rawWork(
  db: Db,
  storeId: string,
  tills: Till[],
): Promise<{ stream: RawStream; ops: RawOp[] }[]> {
  const now = new Date().toISOString();
  await db.kysely
    .insertInto('device_streams')
    .values(
      tills.map((t) => ({ device_id: t.deviceId, install_id: t.installId, next_seq: 1, created_at: now })),
    )
    .execute();
  await db.kysely
    .insertInto('loyalty_accounts')
    .values({ customer_id: 'cust-1', points_balance: 0, lifetime_spend_minor: 0, updated_at: now })
    .execute();
  return tills.map((t) => ({
    stream: { deviceId: t.deviceId, storeId, installId: t.installId, customerId: 'cust-1' },
    ops: t.raw,
  }));
}

function report(figures: Map<string, number[]>, engines: Engine[], withBaseline: boolean) {
  const median = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  };
  console.log(
    `\nserver ingest, ${OPS} sales per figure, batches of ${BATCH}, median of ${ROUNDS} rounds (ops/s)`,
  );
  for (const engine of engines) {
    for (const tills of [1, 8]) {
      const get = (path: Path) => median(figures.get(`${engine}|${tills}|${path}`) ?? [NaN]);
      const ceiling = get(engine === 'sqlite' ? 'tx per batch, savepoint per op' : 'one CTE per batch');
      const perOp = get('tx per op');
      const product = get('product');
      const parts = [
        `${engine}, ${tills} till${tills > 1 ? 's' : ''}:`,
        `product ${Math.round(product)}`,
        ...(withBaseline ? [`baseline ${Math.round(get('baseline'))}`] : []),
        `raw tx per op ${Math.round(perOp)}`,
        `raw ${engine === 'sqlite' ? 'tx per batch + savepoints' : 'CTE per batch'} ${Math.round(ceiling)}`,
        `product/ceiling ${((100 * product) / ceiling).toFixed(0)} %`,
        `product/raw per op ${((100 * product) / perOp).toFixed(0)} %`,
      ];
      console.log(parts.join(' · '));
    }
  }
}

async function reachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function admin(text: string) {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
