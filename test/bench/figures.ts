import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { connect, type Db } from '../../server/db/connect';
import { migrateToLatest } from '../../server/db/migrate';
import { omnichannelFigures } from '../../server/hq/figures/omnichannelFigures';
import { analyze, fillEvents, fillProfiles } from './population';

/**
 * HQ's figures page for a year and for one month, on a chain's database made by
 * test/bench/population.ts (FIGURES_BENCH_PROFILES profiles, FIGURES_BENCH_EVENTS events over
 * 2026), on SQLite and PostgreSQL. Beside it, in the same run and interleaved, the reference: the
 * least any monthly report reads, one `group by` month over the sales and one over the online
 * orders with their counts and sums, without a customer in sight. The ratio is what resolving
 * every purchase to its surviving customer, and counting customers, costs over that.
 */
const PROFILES = Number(process.env.FIGURES_BENCH_PROFILES ?? 200_000);
const EVENTS = Number(process.env.FIGURES_BENCH_EVENTS ?? 2_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

export async function run(): Promise<void> {
  console.log(`scale: ${EVENTS.toLocaleString('en')} events over ${PROFILES.toLocaleString('en')} profiles`);
  const engines = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',');
  if (engines.includes('sqlite')) {
    const dataDir = mkdtempSync(join(tmpdir(), 'omnitill-bench-figures-'));
    try {
      await measure('sqlite', connect({ dialect: 'sqlite', dataDir }));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  if (!engines.includes('postgres')) return;
  const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const admin = new pg.Client({ connectionString: url });
  if (
    !(await admin.connect().then(
      () => true,
      () => false,
    ))
  ) {
    console.log(`postgres: skipped, no server at ${url}`);
    return;
  }
  const schema = `bench_figures_${Date.now()}`;
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
  const started = performance.now();
  await fillProfiles(db, { profiles: PROFILES, events: EVENTS });
  const { counts } = await fillEvents(db, { profiles: PROFILES, events: EVENTS });
  // Orders not tied at a desk reach their customer through the identifiers they came with.
  await sql`insert into identity_links (id, identifier_id, evidence, source_ref, verified, created_at)
    select 'ol-' || o.id, i.id, 'webhook_order', 'order:' || o.id, 0, o.placed_at
    from web_orders o join identity_identifiers i on i.type = 'visitor' and i.value = o.visitor_id
    where o.customer_id is null`.execute(db.kysely);
  await analyze(db);
  console.log(
    `${engine}: made ${counts.sales!.toLocaleString('en')} sales, ${counts.orders!.toLocaleString('en')} orders, ` +
      `${counts.returns!.toLocaleString('en')} returns in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );

  for (const [label, from, to] of [
    ['a year', '2026-01', '2026-12'],
    ['one month', '2026-06', '2026-06'],
  ] as const) {
    const product: number[] = [];
    const reference: number[] = [];
    let check = '';
    for (let r = 0; r < ROUNDS; r++) {
      let t = performance.now();
      const figures = await omnichannelFigures(db, { from, to });
      product.push(performance.now() - t);
      check = `${figures.period.storeSales.toLocaleString('en')} sales, ${figures.period.activeCustomers.toLocaleString('en')} customers`;
      t = performance.now();
      await monthlySums(db, from, to);
      reference.push(performance.now() - t);
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const ratios = product.map((p, i) => p / reference[i]!);
    console.log(
      `${engine}, ${label} (${check}): figures median ${med(product).toFixed(0)} ms ` +
        `(min ${Math.min(...product).toFixed(0)}, max ${Math.max(...product).toFixed(0)}); ` +
        `reference median ${med(reference).toFixed(0)} ms; paired ratio median ${med(ratios).toFixed(1)}× over ${ROUNDS} rounds`,
    );
  }
  await db.close();
}

/** The reference: sales and online orders counted and summed by month, nothing more. */
async function monthlySums(db: Db, from: string, to: string) {
  await sql`select substr(wall_time, 1, 7) as month, count(*), sum(total_minor) from sales
    where substr(wall_time, 1, 7) >= ${from} and substr(wall_time, 1, 7) <= ${to} group by substr(wall_time, 1, 7)`.execute(
    db.kysely,
  );
  await sql`select substr(placed_at, 1, 7) as month, count(*), sum(total_minor) from web_orders
    where cancelled = 0 and substr(placed_at, 1, 7) >= ${from} and substr(placed_at, 1, 7) <= ${to}
    group by substr(placed_at, 1, 7)`.execute(db.kysely);
}
