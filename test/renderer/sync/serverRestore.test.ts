// @vitest-environment node
import 'fake-indexeddb/auto';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { openTillDb, type TillDb } from '../../../renderer/db/database';
import { heldRecords, pruneHistory } from '../../../renderer/db/history';
import { setMeta } from '../../../renderer/db/meta';
import { SyncEngine } from '../../../renderer/sync/syncEngine';
import { connect, type Db } from '../../../server/db/connect';
import { migrateToLatest } from '../../../server/db/migrate';
import { createEnrolmentCode } from '../../../server/devices/enrolment';
import { createHttpServer } from '../../../server/http';
import { demoProducts } from '../../../server/seed/demoData';
import { seedDemo } from '../../../server/seed/seedDemo';
import { adminCaller, publicCaller } from '../../server/support/chain';
import { engines, PG_URL, skipEngine, type Engine } from '../../server/support/databases';
import { sellForCash } from './support/cashSale';
import { withSyncStates } from '../../../renderer/db/saleSync';

const run = promisify(execFile);

/**
 * The server's database as an operator has it: taken backups of while the server runs, and
 * restored under the same address with the server stopped (docs/operations.md §7). SQLite is copied
 * with the online backup API; PostgreSQL with pg_dump and pg_restore, in a schema of its own.
 */
async function restorableServer(engine: Engine) {
  const dataDir = mkdtempSync(join(tmpdir(), 'omnitill-restore-'));
  const backupFile = join(dataDir, engine === 'sqlite' ? 'backup.sqlite' : 'backup.dump');
  const schema = `r_${uuidv7().replace(/-/g, '').slice(-12)}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(statement);
    await client.end();
  };
  const open = (): Db =>
    engine === 'sqlite'
      ? connect({ dialect: 'sqlite', dataDir })
      : connect({ dialect: 'postgres', url: PG_URL, schema, poolSize: 4 });

  if (engine === 'postgres') await admin(`create schema ${schema}`);
  let db = open();
  await migrateToLatest(db);
  let http: Server = createHttpServer({ db });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;

  const stop = async () => {
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
    await db.close();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    db: () => db,
    async backup() {
      if (engine === 'sqlite') {
        const live = new SqliteDatabase(join(dataDir, 'omnitill.sqlite'), { readonly: true });
        await live.backup(backupFile);
        live.close();
      } else {
        await run('pg_dump', ['--format=custom', `--schema=${schema}`, `--file=${backupFile}`, PG_URL]);
      }
    },
    /** Stops the server, puts the backup in place of its database, starts it again. */
    async restore() {
      await stop();
      if (engine === 'sqlite') {
        for (const suffix of ['', '-wal', '-shm'])
          rmSync(join(dataDir, `omnitill.sqlite${suffix}`), { force: true });
        copyFileSync(backupFile, join(dataDir, 'omnitill.sqlite'));
      } else {
        await admin(`drop schema ${schema} cascade`);
        await run('pg_restore', ['--dbname', PG_URL, backupFile]);
      }
      db = open();
      await migrateToLatest(db);
      http = createHttpServer({ db });
      await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
    },
    async dispose() {
      await stop();
      if (engine === 'postgres') await admin(`drop schema ${schema} cascade`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describe.each(engines)('a server restored from an older backup, on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let server: Awaited<ReturnType<typeof restorableServer>>;
    let till: TillDb;
    let sync: SyncEngine;
    let deviceId: string;
    const products = demoProducts(20);

    beforeEach(async () => {
      server = await restorableServer(engine);
      await seedDemo(server.db(), server.dataDir, { products: 20, customers: 5 });
      const store = await server
        .db()
        .kysely.selectFrom('stores')
        .select('id')
        .where('code', '=', 'MSK-01')
        .executeTakeFirstOrThrow();
      const { code } = await createEnrolmentCode(server.db(), store.id, 60);
      const enrolled = await publicCaller(server.db()).device.enroll({ code, name: 'Till 1' });
      deviceId = enrolled.deviceId;
      till = openTillDb(`till-${uuidv7()}`);
      await till.open();
      await setMeta(till, 'device', {
        deviceId,
        name: 'Till 1',
        token: enrolled.token,
        serverUrl: server.url,
        store: enrolled.store,
        enrolledAt: new Date().toISOString(),
      });
      sync = new SyncEngine(till);
    });

    afterEach(async () => {
      sync.stop();
      await till.delete();
      await server.dispose();
    });

    let sold = 0;
    const sell = async (n: number) => {
      for (let i = 0; i < n; i++) {
        await sellForCash(till, products[sold++ % products.length]!);
      }
    };
    const serverReceipts = async () =>
      (
        await server
          .db()
          .kysely.selectFrom('sales')
          .select('receipt_no')
          .where('device_id', '=', deviceId)
          .orderBy('receipt_no')
          .execute()
      ).map((s) => s.receipt_no);
    const tillReceipts = async () =>
      (await till.sales.orderBy('receiptNo').toArray()).map((s) => s.receiptNo);

    it('the till sends again what the restore lost, and every sale is on the server exactly once', async () => {
      await sell(3);
      await sync.syncNow();
      expect(await serverReceipts()).toHaveLength(3);
      await server.backup();

      await sell(4);
      await sync.syncNow();
      expect(await serverReceipts()).toHaveLength(7);
      expect(await till.outbox.count()).toBe(0);

      await server.restore();
      expect(await serverReceipts()).toHaveLength(3); // the last four are gone from the server

      await sell(2);
      await sync.syncNow();
      expect(sync.getStatus()).toMatchObject({
        connection: { state: 'online' },
        lastAnswer: { answer: { kind: 'synced', recorded: 6, resent: 4, rejected: 0 } },
      });
      expect(await serverReceipts()).toEqual(await tillReceipts());
      expect(await tillReceipts()).toHaveLength(9);
      const ops = await server
        .db()
        .kysely.selectFrom('applied_ops')
        .select(['seq', 'op_id', 'status'])
        .where('device_id', '=', deviceId)
        .orderBy('seq')
        .execute();
      const history = await heldRecords(till);
      // The same operations, under the same ids and seats, as the till first wrote them.
      expect(ops.map((o) => [Number(o.seq), o.op_id, o.status])).toEqual(
        history.map((h) => [h.seq, h.opId, 'applied']),
      );
      expect(history.map((h) => h.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(await till.outbox.count()).toBe(0);
      expect(
        (await withSyncStates(till, await till.sales.toArray())).every((s) => s.syncState === 'synced'),
      ).toBe(true);

      // A later push of the same operations finds them all recorded: nothing doubles.
      await sell(1);
      await sync.syncNow();
      expect(await serverReceipts()).toHaveLength(10);
      expect(await serverReceipts()).toEqual(await tillReceipts());
    });

    it('when the till no longer holds the range it says so, at the till and at HQ, and sends nothing out of turn', async () => {
      await sell(2);
      await sync.syncNow();
      await server.backup();
      await sell(4);
      await sync.syncNow();
      // Long after: the till has kept only its last two recorded operations (seq 5 and 6).
      const later = new Date(Date.now() + 40 * 86_400_000);
      await pruneHistory(till, later, { keepDays: 30, keepAtLeast: 2, keepAtMost: 50_000 });
      await server.restore();

      await sell(1);
      for (let attempt = 0; attempt < 2; attempt++) {
        await sync.syncNow();
        expect(sync.getStatus().connection).toEqual({
          state: 'refused',
          refusal: { kind: 'cannotResend', expectedSeq: 3, heldFrom: 5 },
        });
      }
      expect(await serverReceipts()).toHaveLength(2);
      expect((await till.outbox.toArray()).map((op) => op.seq)).toEqual([7]);
      expect((await heldRecords(till)).map((h) => h.seq)).toEqual([5, 6]);

      const hq = await adminCaller(server.db());
      const device = (await hq.hq.stores()).devices.find((d) => d.id === deviceId);
      expect(device).toMatchObject({ cannotResendFromSeq: 3, pendingOps: 1 });
      const { rows } = await sql<{ n: number }>`select count(*) as n from applied_ops`.execute(
        server.db().kysely,
      );
      expect(Number(rows[0]?.n)).toBe(2);
    });
  });
});
