import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { connect, type Db } from '../../server/db/connect';
import { migrateToLatest } from '../../server/db/migrate';
import { createHttpServer } from '../../server/http';
import { hashPickupCode } from '../../server/pickup/pickupCode';
import { startWebshopJobs } from '../../server/webshop/jobs';
import { verifyPin } from '../../shared/domain/pinHash';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { setUpChain } from '../server/support/chain';
import { genericSig, SECRET, setUpShops } from '../server/support/webshop';
import { genericBody } from '../server/support/webshopPayloads';

const WEBHOOKS = Number(process.env.BENCH_WEBHOOKS ?? 2000);
const IN_FLIGHT = 8;

/**
 * Web-shop webhook ingestion on SQLite: signed generic deliveries POSTed over HTTP (8 in flight),
 * each a new pickup order, counted until the worker has applied every one (mapped, routed to its
 * store, its pickup row in the change log). Beside it, the raw reference: the same inbox rows
 * inserted with better-sqlite3, one transaction each, no HTTP, no signature, no worker. Then how
 * long a desk takes to check a pickup code against its hash in pure JavaScript.
 */
export async function run(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'omnitill-bench-webhooks-'));
  try {
    const product = await productPath(connect({ dialect: 'sqlite', dataDir }));
    const raw = rawInserts(join(dataDir, 'omnitill.sqlite'));
    console.log(
      `sqlite: ${WEBHOOKS} signed webhooks over HTTP, stored and applied by the worker in ${product.seconds.toFixed(2)} s = ${Math.round(WEBHOOKS / product.seconds)} webhooks/s`,
    );
    console.log(
      `sqlite raw reference: the same ${WEBHOOKS} inbox rows inserted directly in ${raw.toFixed(2)} s = ${Math.round(WEBHOOKS / raw)} rows/s`,
    );
    console.log(`product path / raw inserts: ${(raw / product.seconds).toFixed(2)}`);
    await codeCheck();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function productPath(db: Db): Promise<{ seconds: number }> {
  await migrateToLatest(db);
  const chain = await setUpChain(db);
  await setUpShops(db, chain);
  const jobs = startWebshopJobs(db, { pollMs: 50, expiryEveryMs: 3_600_000 });
  const server: Server = createHttpServer({ db, onWebhookStored: () => jobs.kick() });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const bodies = Array.from({ length: WEBHOOKS }, (_, i) =>
    JSON.stringify(genericBody({ externalId: `BENCH-${i}`, updatedAt: '2026-11-30T09:00:00Z' })),
  );
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++] ?? '';
        const ts = String(Math.floor(Date.now() / 1000));
        const res = await fetch(`${base}/ingest/generic/shop-generic`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-omnitill-event-id': uuidv7(),
            'x-omnitill-timestamp': ts,
            'x-omnitill-signature': genericSig(SECRET, ts, body),
          },
          body,
        });
        if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
        await res.arrayBuffer();
      }
    }),
  );
  for (;;) {
    const left = await db.kysely
      .selectFrom('ingest_inbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    if (Number(left.n) === 0) break;
    jobs.kick();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const seconds = (performance.now() - started) / 1000;
  const parts = await db.kysely
    .selectFrom('pickup_parts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(parts.n) !== WEBHOOKS) throw new Error(`${parts.n} orders routed of ${WEBHOOKS}`);
  await jobs.stop();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await db.close();
  return { seconds };
}

/** The same inbox rows, written straight into the same kind of table: the floor of the storage. */
function rawInserts(migratedFile: string): number {
  const file = new SqliteDatabase(migratedFile);
  file.pragma('journal_mode = WAL');
  file.pragma('synchronous = FULL');
  file.exec('delete from ingest_inbox');
  const insert = file.prepare(
    `insert into ingest_inbox (id, connection_id, platform, topic, dedupe_key, delivery_id, triggered_at, body, received_at, status)
     values (?, 'shop-generic', 'generic', 'created', ?, ?, null, ?, ?, 'pending')`,
  );
  const one = file.transaction((i: number, body: string) => {
    const id = uuidv7();
    insert.run(id, `raw|${id}`, id, body, new Date().toISOString());
    return i;
  });
  const bodies = Array.from({ length: WEBHOOKS }, (_, i) =>
    JSON.stringify(genericBody({ externalId: `RAW-${i}`, updatedAt: '2026-11-30T09:00:00Z' })),
  );
  const started = performance.now();
  bodies.forEach((body, i) => one(i, body));
  const seconds = (performance.now() - started) / 1000;
  file.close();
  return seconds;
}

/** A desk checking a pickup code: @noble/hashes' scrypt, as in the store app. */
async function codeCheck(): Promise<void> {
  const stored = await hashPickupCode('048213', randomBytes(16));
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const started = performance.now();
    if (!(await verifyPin('048213', stored))) throw new Error('code did not verify');
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const p95 = times[Math.ceil(times.length * 0.95) - 1] ?? 0;
  console.log(
    `pickup code check (scrypt N=${stored.N}, r=${stored.r}, pure JS): median ${(times[10] ?? 0).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (goal ≤ 100 ms)`,
  );
}
