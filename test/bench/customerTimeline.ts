import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { connect, type Db } from '../../server/db/connect';
import { migrateToLatest } from '../../server/db/migrate';
import { customerCluster } from '../../server/hq/customerCluster';
import { customerTimeline } from '../../server/hq/customerTimeline';
import { analyze, fillEvents, fillProfiles, profileKeys } from './population';

/**
 * One customer's timeline among many (the product goal: p95 under 50 ms for a customer among
 * 1,000,000 profiles and 10,000,000 events, on SQLite and PostgreSQL). The population is made by
 * test/bench/population.ts: profiles with their identifiers in the identity graph, and events of
 * every kind the timeline shows. Each of 300 customers is opened as HQ's procedure does: its
 * cluster from the graph, then the first page of 50. TIMELINE_BENCH_PROFILES and
 * TIMELINE_BENCH_EVENTS shrink the scale; TIMELINE_BENCH_KEEP=1 keeps the databases, and
 * TIMELINE_BENCH_SQLITE_DIR / TIMELINE_BENCH_PG_SCHEMA measure again on kept ones without
 * making them anew. Besides wall time, the CPU time this process spent on each query is printed:
 * on a machine shared with other work it is the part of the wait that is the query's own (all of
 * it on SQLite, which runs in this process; on PostgreSQL the server's share is not in it).
 */
const PROFILES = Number(process.env.TIMELINE_BENCH_PROFILES ?? 1_000_000);
const EVENTS = Number(process.env.TIMELINE_BENCH_EVENTS ?? 10_000_000);
const KEEP = process.env.TIMELINE_BENCH_KEEP === '1';
const QUERIES = 300;

export async function run(): Promise<void> {
  console.log(`scale: ${EVENTS.toLocaleString('en')} events over ${PROFILES.toLocaleString('en')} profiles`);
  const engines = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',');
  if (engines.includes('sqlite')) {
    const kept = process.env.TIMELINE_BENCH_SQLITE_DIR;
    const dataDir = kept ?? mkdtempSync(join(tmpdir(), 'omnitill-bench-timeline-'));
    await measure('sqlite', connect({ dialect: 'sqlite', dataDir }), kept === undefined);
    if (KEEP || kept) console.log(`sqlite: kept in ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
  if (!engines.includes('postgres')) return;
  const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const kept = process.env.TIMELINE_BENCH_PG_SCHEMA;
  const schema = kept ?? `bench_timeline_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  const reachable = await admin.connect().then(
    () => true,
    () => false,
  );
  if (!reachable) {
    console.log(`postgres: skipped, no server at ${url}`);
    return;
  }
  if (!kept) await admin.query(`create schema ${schema}`);
  try {
    await measure('postgres', connect({ dialect: 'postgres', url, schema }), kept === undefined);
  } finally {
    if (KEEP || kept) console.log(`postgres: kept in schema ${schema}`);
    else await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}

async function measure(engine: 'sqlite' | 'postgres', db: Db, fill: boolean): Promise<void> {
  await migrateToLatest(db);
  if (fill) await populate(engine, db);

  const timeline: number[] = [];
  const whole: number[] = [];
  const cpu: number[] = [];
  let events = 0;
  for (let q = 0; q < QUERIES; q++) {
    const { customerId } = profileKeys((q * 15_485_863 + 12_345) % PROFILES);
    const started = performance.now();
    const cluster = await customerCluster(db, customerId);
    if (!cluster) throw new Error(`no profile ${customerId}`);
    const t = performance.now();
    const cpuStarted = process.cpuUsage();
    const page = await customerTimeline(db, cluster, { scope: { kind: 'chain' }, cursor: null, limit: 50 });
    const cpuUsed = process.cpuUsage(cpuStarted);
    const done = performance.now();
    timeline.push(done - t);
    whole.push(done - started);
    cpu.push((cpuUsed.user + cpuUsed.system) / 1000);
    if (page !== 'invalid_cursor') events += page.events.length;
  }
  console.log(
    `${engine}: first page of 50 for ${QUERIES} customers: timeline query ${percentiles(timeline)} ` +
      `(CPU in this process ${percentiles(cpu)}); with the cluster lookup ${percentiles(whole)} ` +
      `(goal p95 < 50 ms; ${(events / QUERIES).toFixed(1)} events a page on average)`,
  );
  await heavyCustomer(engine, db);
  await db.close();
}

/**
 * A customer with far more events than the rest (a card rung up on thousands of sales): its
 * first page, measured inside a transaction that is rolled back, so a kept database stays as made.
 */
async function heavyCustomer(engine: 'sqlite' | 'postgres', db: Db): Promise<void> {
  const { customerId, card } = profileKeys(7 % PROFILES);
  const d = engine === 'postgres';
  const rows = d
    ? sql.raw(`generate_series(0, ${HEAVY_SALES - 1}) as n(i)`)
    : sql.raw(
        `(with recursive n(i) as (select 0 union all select i + 1 from n where i < ${HEAVY_SALES - 1}) select i from n)`,
      );
  const at = sql.raw(
    d
      ? `to_char(to_timestamp(1767225600 + i * 1500) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
      : `strftime('%Y-%m-%dT%H:%M:%fZ', 1767225600 + i * 1500, 'unixepoch')`,
  );
  const times: number[] = [];
  await db.kysely
    .transaction()
    .execute(async (trx) => {
      await sql`insert into sales (id, op_id, store_id, device_id, receipt_no, card_number, customer_id, currency, total_minor, wall_time, received_at, clock_suspect)
        select 'heavy-' || i, 'heavy-op-' || i, 's1', 'd1', 'H' || i, ${card}, ${customerId}, 'RUB', 100, ${at}, ${at}, 0 from ${rows}`.execute(
        trx,
      );
      const inTrx = { ...db, kysely: trx };
      const cluster = await customerCluster(inTrx, customerId);
      if (!cluster) throw new Error(`no profile ${customerId}`);
      for (let q = 0; q < 10; q++) {
        const started = performance.now();
        await customerTimeline(inTrx, cluster, { scope: { kind: 'chain' }, cursor: null, limit: 50 });
        times.push(performance.now() - started);
      }
      throw rolledBack;
    })
    .catch((error: unknown) => {
      if (error !== rolledBack) throw error;
    });
  console.log(
    `${engine}: a customer with ${HEAVY_SALES.toLocaleString('en')} more sales, first page 10 times: median ${[...times].sort((a, b) => a - b)[5]!.toFixed(1)} ms, slowest ${Math.max(...times).toFixed(1)} ms`,
  );
}

const HEAVY_SALES = 20_000;
const rolledBack = new Error('rolled back on purpose');

async function populate(engine: 'sqlite' | 'postgres', db: Db): Promise<void> {
  // A bulk fill wants a big page cache; the queries run with the engine's default again.
  if (engine === 'sqlite') await sql`pragma cache_size = -1000000`.execute(db.kysely);
  const scale = { profiles: PROFILES, events: EVENTS };
  const profileSeconds = await fillProfiles(db, scale);
  const { seconds: eventSeconds, counts } = await fillEvents(db, scale);
  const analyzeStarted = performance.now();
  await analyze(db);
  const analyzeSeconds = (performance.now() - analyzeStarted) / 1000;
  if (engine === 'sqlite') await sql`pragma cache_size = -2000`.execute(db.kysely);
  console.log(
    `${engine}: made ${PROFILES.toLocaleString('en')} profiles with their identifiers in ${profileSeconds.toFixed(0)} s, ` +
      `${EVENTS.toLocaleString('en')} events (${Object.entries(counts)
        .map(([kind, n]) => `${kind} ${n.toLocaleString('en')}`)
        .join(', ')}) in ${eventSeconds.toFixed(0)} s, analyzed in ${analyzeSeconds.toFixed(0)} s`,
  );
}

function percentiles(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(1);
  return `p50 ${at(0.5)} ms, p95 ${at(0.95)} ms`;
}
