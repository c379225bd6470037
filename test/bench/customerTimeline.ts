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
 * TIMELINE_BENCH_EVENTS shrink the scale; TIMELINE_BENCH_KEEP=1 keeps the database for a look.
 */
const PROFILES = Number(process.env.TIMELINE_BENCH_PROFILES ?? 1_000_000);
const EVENTS = Number(process.env.TIMELINE_BENCH_EVENTS ?? 10_000_000);
const KEEP = process.env.TIMELINE_BENCH_KEEP === '1';
const QUERIES = 300;

export async function run(): Promise<void> {
  console.log(`scale: ${EVENTS.toLocaleString('en')} events over ${PROFILES.toLocaleString('en')} profiles`);
  const engines = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',');
  if (engines.includes('sqlite')) {
    const dataDir = mkdtempSync(join(tmpdir(), 'omnitill-bench-timeline-'));
    await measure('sqlite', connect({ dialect: 'sqlite', dataDir }));
    if (KEEP) console.log(`sqlite: kept in ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
  if (!engines.includes('postgres')) return;
  const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `bench_timeline_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  const reachable = await admin.connect().then(
    () => true,
    () => false,
  );
  if (!reachable) {
    console.log(`postgres: skipped, no server at ${url}`);
    return;
  }
  await admin.query(`create schema ${schema}`);
  try {
    await measure('postgres', connect({ dialect: 'postgres', url, schema }));
  } finally {
    if (KEEP) console.log(`postgres: kept in schema ${schema}`);
    else await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}

async function measure(engine: 'sqlite' | 'postgres', db: Db): Promise<void> {
  await migrateToLatest(db);
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

  const timeline: number[] = [];
  const whole: number[] = [];
  let events = 0;
  for (let q = 0; q < QUERIES; q++) {
    const { customerId } = profileKeys((q * 15_485_863 + 12_345) % PROFILES);
    const started = performance.now();
    const cluster = await customerCluster(db, customerId);
    if (!cluster) throw new Error(`no profile ${customerId}`);
    const t = performance.now();
    const page = await customerTimeline(db, cluster, { scope: { kind: 'chain' }, cursor: null, limit: 50 });
    const done = performance.now();
    timeline.push(done - t);
    whole.push(done - started);
    if (page !== 'invalid_cursor') events += page.events.length;
  }
  console.log(
    `${engine}: first page of 50 for ${QUERIES} customers: timeline query ${percentiles(timeline)}; ` +
      `with the cluster lookup ${percentiles(whole)} (goal p95 < 50 ms; ${(events / QUERIES).toFixed(1)} events a page on average)`,
  );
  await db.close();
}

function percentiles(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(1);
  return `p50 ${at(0.5)} ms, p95 ${at(0.95)} ms`;
}
