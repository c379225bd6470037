import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { connect, type Db } from '../../server/db/connect';
import { migrateToLatest } from '../../server/db/migrate';
import { createHttpServer } from '../../server/http';
import { createEnrolmentCode } from '../../server/devices/enrolment';
import { makeSale, publicCaller, saleOp, setUpChain } from '../server/support/chain';

const OPS = Number(process.env.BENCH_OPS ?? 20_000);
const BATCH = 500;

/**
 * Server ingest through HTTP + tRPC + zod, one database transaction per operation (the product
 * goal is ≥ 7,500 operations/s on SQLite). Sales of three lines each, pushed in batches of 500 by
 * one till, as a till drains its queue after a long offline spell.
 */
export async function run(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'omnitill-bench-'));
  await measure('sqlite', connect({ dialect: 'sqlite', dataDir }));
  const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `bench_${Date.now()}`;
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

async function measure(engine: string, db: Db): Promise<void> {
  await migrateToLatest(db);
  const chain = await setUpChain(db);
  const server: Server = createHttpServer({ db });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // One till draining its queue; then eight tills of a store draining theirs at the same time.
  for (const tills of [1, 8]) {
    const devices = await Promise.all(
      Array.from({ length: tills }, async (_, t) => {
        const { code } = await createEnrolmentCode(db, chain.storeA, 60);
        return publicCaller(db).device.enroll({ code, name: `Bench till ${tills}.${t}` });
      }),
    );
    const perTill = Math.floor(OPS / tills);
    const started = performance.now();
    await Promise.all(devices.map((device) => drain(base, device, perTill)));
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `${engine}, ${tills} till${tills > 1 ? 's' : ''}: ${perTill * tills} sale operations over HTTP in ${seconds.toFixed(2)} s = ${Math.round((perTill * tills) / seconds)} ops/s (batches of ${BATCH}, one transaction per operation)`,
    );
  }
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await db.close();
}

async function drain(base: string, device: { deviceId: string; token: string }, count: number) {
  const installId = uuidv7();
  const ops = Array.from({ length: count }, (_, i) =>
    saleOp(
      i + 1,
      makeSale({ receiptNo: `B-${i + 1}` }, [
        [8990, 2000],
        [5490, 1000],
        [19900, 1250],
      ]),
    ),
  );
  for (let i = 0; i < ops.length; i += BATCH) {
    const res = await fetch(`${base}/trpc/sync.push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${device.token}` },
      body: JSON.stringify({ deviceId: device.deviceId, installId, ops: ops.slice(i, i + BATCH) }),
    });
    const body = (await res.json()) as { result?: { data: { results: { status: string }[] } } };
    const applied = body.result?.data.results.filter((r) => r.status === 'applied').length ?? 0;
    if (applied !== Math.min(BATCH, ops.length - i))
      throw new Error(`batch at ${i}: ${JSON.stringify(body).slice(0, 300)}`);
  }
}
