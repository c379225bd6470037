import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { uuidv7 } from '../../../../shared/domain/uuidv7';
import { openTillDb, type TillDb } from '../../../../renderer/db/database';
import { setMeta } from '../../../../renderer/db/meta';
import { SyncEngine } from '../../../../renderer/sync/syncEngine';
import { connect, type Db } from '../../../../server/db/connect';
import { migrateToLatest } from '../../../../server/db/migrate';
import { createEnrolmentCode } from '../../../../server/devices/enrolment';
import { seedDemo } from '../../../../server/seed/seedDemo';
import { publicCaller } from '../../../server/support/chain';
import { PG_URL, type Engine } from '../../../server/support/databases';
import { startFaultProxy, type FaultProxy } from './faultProxy';
import {
  bundleIngestServer,
  startIngestProcess,
  type IngestProcess,
} from '../../../server/sync/support/ingestProcess';

export const CATALOG_SIZE = 10;

async function pgAdmin(statement: string) {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(statement);
  await client.end();
}

/**
 * One database with its server processes: on SQLite one process on the database file, restarted
 * on the same file; on PostgreSQL two processes on the same schema, both taking pushes. The test
 * keeps a connection of its own (`reader`) to enrol tills and to check what is recorded.
 */
export async function openServerSide(engine: Engine) {
  const bundle = await bundleIngestServer();
  const dataDir = mkdtempSync(join(tmpdir(), 'omnitill-fault-data-'));
  const schema = `fm_${randomBytes(6).toString('hex')}`;
  if (engine === 'postgres') await pgAdmin(`create schema ${schema}`);
  const reader: Db =
    engine === 'sqlite'
      ? connect({ dialect: 'sqlite', dataDir })
      : connect({ dialect: 'postgres', url: PG_URL, schema, poolSize: 2 });
  await migrateToLatest(reader);
  await seedDemo(reader, dataDir, { products: CATALOG_SIZE, customers: 3 });
  const store = await reader.kysely
    .selectFrom('stores')
    .select('id')
    .where('code', '=', 'MSK-01')
    .executeTakeFirstOrThrow();
  const env: Record<string, string> =
    engine === 'sqlite' ? { DATA_DIR: dataDir } : { PG_URL, PG_SCHEMA: schema };
  const start = () => startIngestProcess(bundle.file, env);
  const processes: (IngestProcess | null)[] = await Promise.all(
    Array.from({ length: engine === 'postgres' ? 2 : 1 }, start),
  );
  const running = (i: number) => {
    const p = processes[i];
    if (!p) throw new Error(`server ${i} is not running`);
    return p;
  };
  return {
    engine,
    reader,
    storeId: store.id,
    count: processes.length,
    /** The address of server `i`, or a closed port while it is down (the connection is refused). */
    url: (i: number) => processes[i]?.url ?? 'http://127.0.0.1:9',
    urls: () => processes.flatMap((p) => (p ? [p.url] : [])),
    async kill(i: number) {
      await running(i).kill();
      processes[i] = null;
    },
    async start(i: number) {
      processes[i] ??= await start();
    },
    async dispose() {
      for (const p of processes) await p?.kill();
      await reader.close();
      if (engine === 'postgres') await pgAdmin(`drop schema ${schema} cascade`);
      rmSync(dataDir, { recursive: true, force: true });
      bundle.dispose();
    },
  };
}

export type ServerSide = Awaited<ReturnType<typeof openServerSide>>;

/** Small batches, so one drain is several pushes deep and faults land between them. */
const syncOptions = { pushBatch: 4, pullPage: 100 };

/** A till as the store app has it: its Dexie database, its sync engine, and the wire to a server. */
export type Till = {
  dbName: string;
  db: TillDb;
  sync: SyncEngine;
  proxy: FaultProxy;
  deviceId: string;
  /** Which server process the till is pointed at. */
  upstream: number;
  /** Sales the till confirmed to the cashier: sale id → receipt number. */
  confirmed: Map<string, string>;
};

/** The system under test for one run: fresh tills, enrolled in the store, on the shared servers. */
export type Real = {
  side: ServerSide;
  tills: Till[];
  /** Every operation a delivered push answer told a till is recorded. */
  told: Map<string, string>;
};

export async function enrolTills(side: ServerSide, count: number): Promise<Real> {
  const real: Real = { side, tills: [], told: new Map() };
  for (let i = 0; i < count; i++) {
    const { code } = await createEnrolmentCode(side.reader, side.storeId, 60);
    const enrolled = await publicCaller(side.reader).device.enroll({ code, name: `Till ${i + 1}` });
    const upstream = i % side.count;
    const till = { upstream } as Till;
    const proxy = await startFaultProxy({
      upstream: () => side.url(till.upstream),
      all: () => side.urls(),
      onDelivered: (answers) => {
        for (const a of answers) real.told.set(a.opId, a.status);
      },
    });
    const dbName = `fault-till-${uuidv7()}`;
    const db = openTillDb(dbName);
    await db.open();
    await setMeta(db, 'device', {
      deviceId: enrolled.deviceId,
      name: `Till ${i + 1}`,
      token: enrolled.token,
      serverUrl: proxy.url,
      store: enrolled.store,
      enrolledAt: new Date().toISOString(),
    });
    Object.assign(till, {
      dbName,
      db,
      sync: new SyncEngine(db, syncOptions),
      proxy,
      deviceId: enrolled.deviceId,
      confirmed: new Map(),
    });
    real.tills.push(till);
  }
  return real;
}

/** The store app reloaded: its sync engine and database handles are gone, IndexedDB stays. */
export async function reloadTill(till: Till): Promise<void> {
  till.sync.stop();
  till.db.close();
  till.db = openTillDb(till.dbName);
  await till.db.open();
  till.sync = new SyncEngine(till.db, syncOptions);
}

export async function disposeTills(real: Real): Promise<void> {
  for (const till of real.tills) {
    till.sync.stop();
    await till.db.delete();
    await till.proxy.close();
  }
}
