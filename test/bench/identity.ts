import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { connect, type Db } from '../../server/db/connect';
import { migrateToLatest } from '../../server/db/migrate';
import { observe, type Observation } from '../../server/identity';
import { searchCustomers } from '../../server/identity/search';
import { analyze, fillProfiles } from './population';

const PEOPLE = Number(process.env.BENCH_IDENTITY_PEOPLE ?? 1000);
const PROFILES = Number(process.env.BENCH_IDENTITY_PROFILES ?? 1_000_000);

/**
 * Identity ingestion (docs/identity.md §10) into a graph that already holds a chain's profiles
 * (BENCH_IDENTITY_PROFILES, a million by default, made by test/bench/population.ts): observations
 * as the tills and the shop send them, one transaction each, in links per second, beside a raw
 * reference (the identifier and link rows they add, written by plain inserts into the same tables,
 * one transaction per observation, in alternating blocks); then the card-at-sale step a sync push
 * adds to every sale with a card; then the HQ name search paging through those profiles.
 */
export async function run(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'omnitill-bench-identity-'));
  await measure('sqlite', connect({ dialect: 'sqlite', dataDir }));
  const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `bench_identity_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  const reachable = await admin.connect().then(
    () => true,
    () => false,
  );
  if (reachable) {
    await admin.query(`create schema ${schema}`);
    await measure('postgres', connect({ dialect: 'postgres', url, schema }));
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  } else console.log(`postgres: skipped, no server at ${url}`);
  rmSync(dataDir, { recursive: true, force: true });
}

/** Per person: a card issue (card, phone, email), two sales, a shop login, a receipt code redeemed. */
function observationsOf(person: number): Observation[] {
  const card = `77${String(person).padStart(10, '0')}`;
  const account = `acct-${person}`;
  return [
    {
      identifiers: [
        { type: 'card', value: card, verified: true },
        {
          type: 'phone',
          value: `+7 912 ${String(person)
            .padStart(7, '0')
            .replace(/^(\d{3})(\d{2})(\d{2})$/, '$1-$2-$3')}`,
          verified: false,
        },
        { type: 'email', value: `person.${person}@example.org`, verified: false },
      ],
      evidence: 'card_issue',
      sourceRef: `card_issue:${person}`,
    },
    {
      identifiers: [{ type: 'card', value: card, verified: true }],
      evidence: 'card_at_sale',
      sourceRef: `sale:${person}-1`,
    },
    {
      identifiers: [{ type: 'card', value: card, verified: true }],
      evidence: 'card_at_sale',
      sourceRef: `sale:${person}-2`,
    },
    {
      identifiers: [
        { type: 'shop_account', value: account, verified: true },
        { type: 'email', value: `person.${person}@example.org`, verified: true },
        { type: 'visitor', value: uuidv7(), verified: false },
      ],
      evidence: 'shop_login',
      sourceRef: `sdk:${person}`,
      connectionId: 'bench-shop',
    },
    {
      identifiers: [
        { type: 'card', value: card, verified: true },
        { type: 'shop_account', value: `bench-shop:${account}`, verified: true },
      ],
      evidence: 'verified_link_code',
      sourceRef: `link:${person}`,
    },
  ];
}

async function count(db: Db, table: 'identity_links' | 'identity_identifiers'): Promise<number> {
  const row = await db.kysely
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function measure(engine: string, db: Db): Promise<void> {
  await migrateToLatest(db);
  // The chain's profiles are there first, so every lookup and insert meets index depths of a
  // million profiles and their identifiers.
  if (engine === 'sqlite') await sql`pragma cache_size = -1000000`.execute(db.kysely);
  const filled = await fillProfiles(db, { profiles: PROFILES, events: 0 });
  await analyze(db);
  if (engine === 'sqlite') await sql`pragma cache_size = -2000`.execute(db.kysely);
  const before = {
    links: await count(db, 'identity_links'),
    identifiers: await count(db, 'identity_identifiers'),
  };
  console.log(
    `${engine}: ${PROFILES.toLocaleString('en')} profiles with ${before.identifiers.toLocaleString('en')} identifiers made in ${filled.toFixed(0)} s`,
  );

  // The reference: the identifier and link rows an observation adds, written by plain inserts
  // into the same tables, one transaction per observation. Blocks of each alternate, so both
  // meet the same load and the same table sizes.
  const observations = Array.from({ length: PEOPLE }, (_, p) => observationsOf(p)).flat();
  const seen = new Set<string>();
  const rawRows = observations.map((obs) =>
    obs.identifiers.map((i) => {
      // A shop account is kept scoped by its shop, as the graph keeps it.
      const value =
        i.type === 'shop_account' && obs.connectionId && !i.value.includes(':')
          ? `${obs.connectionId}:${i.value}`
          : i.value;
      const key = `${i.type}:${value}`;
      const first = !seen.has(key);
      seen.add(key);
      return { type: i.type, value: `ref:${value}`, first };
    }),
  );
  const ids = new Map<string, string>();
  let identitySeconds = 0;
  let rawSeconds = 0;
  let rawRowCount = 0;
  const BLOCK = 100;
  for (let from = 0; from < observations.length; from += BLOCK) {
    let started = performance.now();
    for (const obs of observations.slice(from, from + BLOCK)) await observe(db.kysely, obs);
    identitySeconds += (performance.now() - started) / 1000;
    started = performance.now();
    for (const [n, rows] of rawRows.slice(from, from + BLOCK).entries()) {
      const sourceRef = `ref:${observations[from + n]!.sourceRef}`;
      await db.kysely.transaction().execute(async (trx) => {
        for (const row of rows) {
          if (row.first) {
            const id = uuidv7();
            ids.set(row.value, id);
            await sql`insert into identity_identifiers (id, type, value, customer_id, verified, first_seen_at, last_seen_at)
              values (${id}, ${row.type}, ${row.value}, ${id}, 1, ${sourceRef}, ${sourceRef})`.execute(trx);
            rawRowCount++;
          }
          await sql`insert into identity_links (id, identifier_id, evidence, source_ref, verified, created_at)
            values (${uuidv7()}, ${ids.get(row.value)!}, 'bench', ${sourceRef}, 1, ${sourceRef})`.execute(
            trx,
          );
          rawRowCount++;
        }
      });
    }
    rawSeconds += (performance.now() - started) / 1000;
  }
  const rawLinks = rawRows.flat().length;
  const links = (await count(db, 'identity_links')) - before.links - rawLinks;
  const identifiers =
    (await count(db, 'identity_identifiers')) - before.identifiers - (rawRowCount - rawLinks);
  const linksPerSecond = links / identitySeconds;
  const rawPerSecond = rawLinks / rawSeconds;
  console.log(
    `${engine}: identity ingestion ${observations.length} observations (${links} links, ${identifiers} identifiers) in ${identitySeconds.toFixed(2)} s = ${Math.round(linksPerSecond)} links/s; ` +
      `plain inserts of their ${rawLinks} links and ${rawRowCount - rawLinks} identifiers ${Math.round(rawPerSecond)} links/s; ratio ${(linksPerSecond / rawPerSecond).toFixed(2)}`,
  );

  // What a sync push adds to a sale with a known card, inside the push's transaction.
  const sales = Math.min(PEOPLE, 2000);
  const started = performance.now();
  await db.kysely.transaction().execute(async (trx) => {
    for (let p = 0; p < sales; p++) {
      await observe(trx, {
        identifiers: [{ type: 'card', value: `77${String(p).padStart(10, '0')}`, verified: true }],
        evidence: 'card_at_sale',
        sourceRef: `sale:${p}-bench`,
      });
    }
  });
  console.log(
    `${engine}: card at sale adds ${((performance.now() - started) / sales).toFixed(3)} ms per sale with a card`,
  );

  const firstStart = performance.now();
  const first = await searchCustomers(db.kysely, db.dialect, { query: '', limit: 50 });
  const firstMs = performance.now() - firstStart;
  if (first === 'invalid_cursor') throw new Error('unreachable');
  // A cursor near the end of the index: what paging to the millionth profile costs.
  const deep = await sql<{ name_key: string; id: string }>`
    select name_key, id from customers where name_key like 'zz-bench-%' order by name_key desc, id desc limit 1 offset 100`.execute(
    db.kysely,
  );
  const cursor = Buffer.from(JSON.stringify({ n: deep.rows[0]?.name_key, i: deep.rows[0]?.id })).toString(
    'base64url',
  );
  const deepStart = performance.now();
  const last = await searchCustomers(db.kysely, db.dialect, { query: '', cursor, limit: 50 });
  const deepMs = performance.now() - deepStart;
  const prefixStart = performance.now();
  await searchCustomers(db.kysely, db.dialect, { query: 'zz-bench-0999', limit: 50 });
  const prefixMs = performance.now() - prefixStart;
  console.log(
    `${engine}: customer search over ${PROFILES} profiles: first page ${firstMs.toFixed(1)} ms, a page at the end ${deepMs.toFixed(1)} ms (${last === 'invalid_cursor' ? 0 : last.customers.length} rows), a name prefix ${prefixMs.toFixed(1)} ms`,
  );
  await db.close();
}
