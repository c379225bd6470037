import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { connect, type Db } from '../../server/db/connect';
import { migrateToLatest } from '../../server/db/migrate';
import { customerTimeline } from '../../server/hq/customerTimeline';

/**
 * One customer's timeline among many (the product goal: p95 under 50 ms with 10,000,000 events,
 * on SQLite and PostgreSQL). Data is made with set-based SQL: store purchases (70 %) and web page
 * events (30 %) spread over the profiles, each profile with a customer id, a card and a visitor
 * id. TIMELINE_BENCH_EVENTS and TIMELINE_BENCH_PROFILES set the scale; the default is smaller so
 * that `npm run bench` stays minutes long, and the scale run is printed.
 */
const EVENTS = Number(process.env.TIMELINE_BENCH_EVENTS ?? 1_000_000);
const PROFILES = Number(process.env.TIMELINE_BENCH_PROFILES ?? 100_000);
const QUERIES = 300;
const T0 = 1_767_225_600; // 2026-01-01T00:00:00Z

export async function run(): Promise<void> {
  console.log(
    `scale: ${EVENTS.toLocaleString('en')} events over ${PROFILES.toLocaleString('en')} profiles` +
      (EVENTS < 10_000_000
        ? ' (TIMELINE_BENCH_EVENTS=10000000 TIMELINE_BENCH_PROFILES=1000000 for the goal’s scale)'
        : ''),
  );
  const dataDir = mkdtempSync(join(tmpdir(), 'omnitill-bench-timeline-'));
  await measure('sqlite', connect({ dialect: 'sqlite', dataDir }));
  rmSync(dataDir, { recursive: true, force: true });
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
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}

async function measure(engine: 'sqlite' | 'postgres', db: Db): Promise<void> {
  await migrateToLatest(db);
  const k = db.kysely;
  const now = new Date().toISOString();
  await k
    .insertInto('stores')
    .values({ id: 's1', code: 'B-1', name: 'Bench', currency: 'RUB', created_at: now })
    .execute();
  await sql`insert into devices (id, store_id, name, token_hash, enrolled_at) values ('d1', 's1', 'Till', 'x', ${now})`.execute(
    k,
  );
  const sales = Math.round(EVENTS * 0.7);
  const web = EVENTS - sales;
  const started = performance.now();
  if (engine === 'sqlite') {
    await sql`with recursive n(i) as (select 0 union all select i + 1 from n where i < ${sales - 1})
      insert into sales (id, op_id, store_id, device_id, receipt_no, card_number, customer_id, currency, total_minor, wall_time, received_at, clock_suspect)
      select printf('s%09d', i), printf('o%09d', i), 's1', 'd1', printf('R%09d', i), printf('card%07d', (i * 7919) % ${PROFILES}),
        printf('c%07d', (i * 7919) % ${PROFILES}), 'RUB', 1000 + i % 9000,
        strftime('%Y-%m-%dT%H:%M:%fZ', ${T0} + i, 'unixepoch'), strftime('%Y-%m-%dT%H:%M:%fZ', ${T0} + i, 'unixepoch'), 0 from n`.execute(
      k,
    );
    await sql`with recursive n(i) as (select 0 union all select i + 1 from n where i < ${web - 1})
      insert into web_events (id, connection_id, visitor_id, kind, customer_id, data, received_at)
      select printf('w%09d', i), 'shop', printf('v%07d', (i * 104729) % ${PROFILES}), 'page', null,
        '{"type":"page","url":"https://shop.example/p","title":"Tea"}', strftime('%Y-%m-%dT%H:%M:%fZ', ${T0} + i * 2, 'unixepoch') from n`.execute(
      k,
    );
    await sql`analyze`.execute(k);
  } else {
    const iso = (expr: string) =>
      sql.raw(`to_char(to_timestamp(${expr}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
    await sql`insert into sales (id, op_id, store_id, device_id, receipt_no, card_number, customer_id, currency, total_minor, wall_time, received_at, clock_suspect)
      select 's' || lpad(i::text, 9, '0'), 'o' || i, 's1', 'd1', 'R' || i, 'card' || lpad(((i * 7919) % ${PROFILES})::text, 7, '0'),
        'c' || lpad(((i * 7919) % ${PROFILES})::text, 7, '0'), 'RUB', 1000 + i % 9000, ${iso(`${T0} + i`)}, ${iso(`${T0} + i`)}, 0
      from generate_series(0, ${sales - 1}::bigint) as i`.execute(k);
    await sql`insert into web_events (id, connection_id, visitor_id, kind, customer_id, data, received_at)
      select 'w' || lpad(i::text, 9, '0'), 'shop', 'v' || lpad(((i * 104729) % ${PROFILES})::text, 7, '0'), 'page', null,
        '{"type":"page","url":"https://shop.example/p","title":"Tea"}', ${iso(`${T0} + i * 2`)}
      from generate_series(0, ${web - 1}::bigint) as i`.execute(k);
    await sql`analyze`.execute(k);
  }
  const generatedS = (performance.now() - started) / 1000;

  const times: number[] = [];
  let events = 0;
  for (let q = 0; q < QUERIES; q++) {
    const n = String((q * 15_485_863) % PROFILES).padStart(7, '0');
    const t = performance.now();
    const page = await customerTimeline(
      db,
      {
        customerIds: [`c${n}`],
        cards: [`card${n}`],
        visitorIds: [`v${n}`],
        emails: [],
        phones: [],
        shopAccounts: [],
      },
      { scope: { kind: 'chain' }, cursor: null, limit: 50 },
    );
    times.push(performance.now() - t);
    if (page !== 'invalid_cursor') events += page.events.length;
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1);
  console.log(
    `${engine}: data made in ${generatedS.toFixed(0)} s; first page of 50, ${QUERIES} customers: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms ` +
      `(goal p95 < 50 ms; ${(events / QUERIES).toFixed(1)} events a page on average)`,
  );
  await db.close();
}
