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

const PEOPLE = Number(process.env.BENCH_IDENTITY_PEOPLE ?? 1000);
const PROFILES = Number(process.env.BENCH_IDENTITY_PROFILES ?? 1_000_000);

/**
 * Identity ingestion (docs/identity.md §10): observations as the tills and the shop send them, one
 * transaction each, in links per second, beside a raw reference (the same number of identifier and
 * link rows written by plain inserts, one transaction each); then the card-at-sale step a sync push
 * adds to every sale with a card; then the HQ name search paging through a million profiles.
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
  const observations = Array.from({ length: PEOPLE }, (_, p) => observationsOf(p)).flat();
  let started = performance.now();
  for (const obs of observations) await observe(db.kysely, obs);
  const identitySeconds = (performance.now() - started) / 1000;
  const links = await count(db, 'identity_links');
  const identifiers = await count(db, 'identity_identifiers');
  const linksPerSecond = links / identitySeconds;

  // The reference: the same rows, each observation's share in one transaction of plain inserts.
  await sql`create table bench_identifiers (id text primary key, type text not null, value text not null, customer_id text not null)`.execute(
    db.kysely,
  );
  await sql`create table bench_links (id text primary key, identifier_id text not null, source_ref text not null)`.execute(
    db.kysely,
  );
  const perObservation = links / observations.length;
  started = performance.now();
  for (const [n, obs] of observations.entries()) {
    await db.kysely.transaction().execute(async (trx) => {
      const id = uuidv7();
      if (n % Math.max(1, Math.round(links / identifiers)) === 0) {
        await sql`insert into bench_identifiers values (${id}, ${obs.identifiers[0]?.type ?? 'card'}, ${`${n}`}, ${id})`.execute(
          trx,
        );
      }
      for (let l = 0; l < Math.round(perObservation); l++) {
        await sql`insert into bench_links values (${uuidv7()}, ${id}, ${obs.sourceRef})`.execute(trx);
      }
    });
  }
  const rawSeconds = (performance.now() - started) / 1000;
  const rawPerSecond = links / rawSeconds;
  console.log(
    `${engine}: identity ingestion ${observations.length} observations (${links} links, ${identifiers} identifiers) in ${identitySeconds.toFixed(2)} s = ${Math.round(linksPerSecond)} links/s; ` +
      `raw inserts of the same rows ${Math.round(rawPerSecond)} rows/s; ratio ${(linksPerSecond / rawPerSecond).toFixed(2)}`,
  );

  // What a sync push adds to a sale with a known card, inside the push's transaction.
  const sales = Math.min(PEOPLE, 2000);
  started = performance.now();
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

  await fillProfiles(db, engine);
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

/** A million profiles by plain SQL, as a chain's HQ would hold them. */
async function fillProfiles(db: Db, engine: string): Promise<void> {
  const at = new Date().toISOString();
  if (engine === 'postgres') {
    await sql`insert into customers (id, display_name, phone, email, created_at, name_key)
      select 'bench-' || lpad(g::text, 7, '0'), 'Bench ' || g, null, null, ${at}, 'zz-bench-' || lpad(g::text, 7, '0')
      from generate_series(1, ${PROFILES}) g`.execute(db.kysely);
    await sql`analyze customers`.execute(db.kysely);
    return;
  }
  const chunk = 10_000;
  for (let start = 1; start <= PROFILES; start += chunk) {
    await sql`with recursive g(n) as (select cast(${start} as integer) union all select n + 1 from g where n < ${Math.min(start + chunk - 1, PROFILES)})
      insert into customers (id, display_name, phone, email, created_at, name_key)
      select 'bench-' || substr('0000000' || n, -7), 'Bench ' || n, null, null, ${at}, 'zz-bench-' || substr('0000000' || n, -7) from g`.execute(
      db.kysely,
    );
  }
  await sql`analyze`.execute(db.kysely);
}
