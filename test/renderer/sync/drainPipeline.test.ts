// @vitest-environment node
import { saleSyncState, withSyncStates } from '../../../renderer/db/saleSync';
import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lineTotal } from '../../../shared/domain/money';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { payloadHash } from '../../../shared/sync/protocol';
import { openTillDb, type TillDb } from '../../../renderer/db/database';
import { heldRecords } from '../../../renderer/db/history';
import { setMeta } from '../../../renderer/db/meta';
import { recordSale } from '../../../renderer/db/sales';
import { SyncEngine } from '../../../renderer/sync/syncEngine';
import { connect, type Db } from '../../../server/db/connect';
import { migrateToLatest } from '../../../server/db/migrate';
import { createEnrolmentCode } from '../../../server/devices/enrolment';
import { createHttpServer } from '../../../server/http';
import { demoProducts } from '../../../server/seed/demoData';
import { seedDemo } from '../../../server/seed/seedDemo';
import { publicCaller } from '../../server/support/chain';

const listen = async (server: Server, port = 0) => {
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
};
const close = (server: Server) => {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
};

type PushPlan = 'forward' | 'dropAnswer' | 'stopServer' | 'answerRetry';

/**
 * Stands between the till and the server and watches the pushes: how many reach the server at
 * once, and, per push by number, whether its answer is lost, the server stops while it runs, or
 * the answer comes back as `retry` for every operation (as from a server under contention).
 */
function watchingProxy(upstream: () => string, plan: (n: number) => PushPlan, onStop: () => Promise<void>) {
  const seen = { pushes: 0, inFlight: 0, mostInFlight: 0, gzipPushes: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const isPush = req.url?.includes('sync.push') ?? false;
        const what = isPush ? plan(++seen.pushes) : 'forward';
        if (isPush) seen.mostInFlight = Math.max(seen.mostInFlight, ++seen.inFlight);
        if (isPush && req.headers['content-encoding'] === 'gzip') seen.gzipPushes++;
        try {
          const answer = fetch(upstream() + (req.url ?? ''), {
            method: req.method,
            headers: Object.fromEntries(
              Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'connection'),
            ) as Record<string, string>,
            ...(req.method === 'POST' ? { body: Buffer.concat(chunks) } : {}),
          });
          if (what === 'stopServer') await onStop();
          const response = await answer;
          let body = Buffer.from(await response.arrayBuffer());
          if (what === 'answerRetry') {
            const answered = JSON.parse(body.toString()) as {
              result: { data: { results: { opId: string; seq: number }[] } };
            };
            const { results } = answered.result.data;
            answered.result.data.results = results.map(({ opId, seq }) => ({
              opId,
              seq,
              status: 'retry',
              reason: 'busy',
            }));
            body = Buffer.from(JSON.stringify(answered));
          }
          if (what === 'dropAnswer') {
            req.socket.destroy(); // the server committed; the till never hears of it
            return;
          }
          res
            .writeHead(response.status, {
              'content-type': response.headers.get('content-type') ?? 'application/json',
              'accept-encoding': response.headers.get('accept-encoding') ?? '',
            })
            .end(body);
        } catch {
          req.socket.destroy();
        } finally {
          if (isPush) seen.inFlight--;
        }
      })();
    });
  });
  return { server, seen };
}

describe('the till drains its queue in a pipeline against a real server', () => {
  let dataDir: string;
  let serverDb: Db;
  let http: Server;
  let serverUrl: string;
  let proxy: ReturnType<typeof watchingProxy>;
  let plan: (n: number) => PushPlan;
  let db: TillDb;
  let engine: SyncEngine;
  const products = demoProducts(50);

  const startServer = async (port = 0) => {
    serverDb = connect({ dialect: 'sqlite', dataDir });
    http = createHttpServer({ db: serverDb });
    serverUrl = `http://127.0.0.1:${await listen(http, port)}`;
  };
  const stopServer = async () => {
    await close(http);
    await serverDb.close();
  };

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'omnitill-pipeline-'));
    const setup = connect({ dialect: 'sqlite', dataDir });
    await migrateToLatest(setup);
    await seedDemo(setup, dataDir, { products: 50, customers: 5 });
    const store = await setup.kysely
      .selectFrom('stores')
      .select('id')
      .where('code', '=', 'MSK-01')
      .executeTakeFirstOrThrow();
    const { code } = await createEnrolmentCode(setup, store.id, 60);
    const enrolled = await publicCaller(setup).device.enroll({ code, name: 'Till 1' });
    await setup.close();
    await startServer();
    plan = () => 'forward';
    proxy = watchingProxy(
      () => serverUrl,
      (n) => plan(n),
      () => stopServer(),
    );
    const proxyUrl = `http://127.0.0.1:${await listen(proxy.server)}`;
    db = openTillDb(`till-${uuidv7()}`);
    await db.open();
    await setMeta(db, 'device', {
      deviceId: enrolled.deviceId,
      name: 'Till 1',
      token: enrolled.token,
      serverUrl: proxyUrl,
      store: enrolled.store,
      enrolledAt: new Date().toISOString(),
    });
    // Batches of five, so a queue of twenty-odd sales is several requests deep.
    engine = new SyncEngine(db, { pushBatch: 5, pullPage: 100 });
  });

  afterEach(async () => {
    engine.stop();
    await db.delete();
    await close(proxy.server);
    await close(http).catch(() => undefined);
    await serverDb.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const sell = (i: number) =>
    recordSale(db, {
      cardNumber: null,
      lines: [
        {
          productId: `p${i}`,
          gtin: products[i % 50]!.gtin,
          name: products[i % 50]!.name,
          quantityMilli: 1000,
          unitPriceMinor: products[i % 50]!.priceMinor,
        },
      ],
      cashTenderedMinor: lineTotal(1000, products[i % 50]!.priceMinor),
    });
  const sellMany = async (n: number) => {
    const sold = [];
    for (let i = 0; i < n; i++) sold.push(await sell(i));
    return sold;
  };
  /** The server's record of this till's stream: seq and status, in the order it recorded them. */
  const recorded = async () => {
    const reader = connect({ dialect: 'sqlite', dataDir });
    const rows = await reader.kysely
      .selectFrom('applied_ops')
      .select(['seq', 'status'])
      // Insertion order: the order the server recorded them in.
      .orderBy(sql`rowid`)
      .execute();
    const sales = await reader.kysely.selectFrom('sales').select('receipt_no').execute();
    await reader.close();
    return { ops: rows, receipts: sales.map((s) => s.receipt_no) };
  };

  it('keeps seq order across many batches, with never more than one push of the stream at the server', async () => {
    const sold = await sellMany(23);
    await engine.syncNow();
    expect(engine.getStatus().connection.state).toBe('online');
    expect(await db.outbox.count()).toBe(0);
    const server = await recorded();
    expect(server.ops.map((o) => o.seq)).toEqual(sold.map((s) => s.seq));
    expect(server.receipts.sort()).toEqual(sold.map((s) => s.sale.receiptNo).sort());
    expect(proxy.seen.pushes).toBe(5);
    expect(proxy.seen.mostInFlight).toBe(1);
    expect((await withSyncStates(db, await db.sales.toArray())).every((s) => s.syncState === 'synced')).toBe(
      true,
    );
    expect(engine.getStatus().lastAnswer).toMatchObject({ answer: { kind: 'synced', recorded: 23 } });
  });

  it('compresses its pushes once the server has said it reads gzip, and the server records each sale once', async () => {
    engine = new SyncEngine(db, { pushBatch: 10, pullPage: 100, compressPushes: true });
    const sold = await sellMany(40);
    await engine.syncNow();
    expect(await db.outbox.count()).toBe(0);
    // The first push learns that the server reads gzip; the three after it go compressed.
    expect(proxy.seen.pushes).toBe(4);
    expect(proxy.seen.gzipPushes).toBe(3);
    const server = await recorded();
    expect(server.ops.map((o) => o.seq)).toEqual(sold.map((s) => s.seq));
    expect(server.receipts.sort()).toEqual(sold.map((s) => s.sale.receiptNo).sort());
  });

  it('does not compress pushes to a server on this machine unless told to', async () => {
    await sellMany(40);
    engine = new SyncEngine(db, { pushBatch: 10, pullPage: 100 });
    await engine.syncNow();
    expect(await db.outbox.count()).toBe(0);
    expect(proxy.seen.pushes).toBe(4);
    expect(proxy.seen.gzipPushes).toBe(0);
  });

  it('records a rejection in the middle of the pipeline and goes on with the next operations', async () => {
    const sold = await sellMany(14);
    const bad = sold[7]!;
    // A till bug wrote a total that disagrees with the lines; the hash matches the bad payload.
    const payload = { ...bad.sale, totalMinor: bad.sale.totalMinor + 1 };
    await db.outbox.update(bad.seq, { payload, payloadHash: payloadHash(payload) });
    await engine.syncNow();
    expect(await db.outbox.count()).toBe(0);
    expect(await db.rejected.toArray()).toMatchObject([{ seq: bad.seq, reason: 'invalid_payload' }]);
    expect(await saleSyncState(db, (await db.sales.get(bad.sale.saleId))!)).toBe('rejected');
    const server = await recorded();
    expect(server.ops.map((o) => o.seq)).toEqual(sold.map((s) => s.seq));
    expect(server.ops.find((o) => o.seq === bad.seq)?.status).toBe('rejected');
    expect(server.receipts).toHaveLength(13);
    expect(engine.getStatus().lastAnswer).toMatchObject({
      answer: { kind: 'synced', recorded: 13, rejected: 1 },
    });
  });

  it('loses the answer to a push in the middle, sends it again, and the server has each sale once', async () => {
    const sold = await sellMany(18);
    plan = (n) => (n === 2 ? 'dropAnswer' : 'forward');
    await engine.syncNow();
    expect(engine.getStatus().connection.state).toBe('unreachable');
    // The first batch's answer was stored; the second was recorded by the server but not here.
    expect((await db.outbox.orderBy('seq').first())?.seq).toBe(6);
    expect(proxy.seen.pushes).toBe(2);

    await engine.syncNow();
    expect(await db.outbox.count()).toBe(0);
    const server = await recorded();
    expect(server.ops.map((o) => o.seq)).toEqual(sold.map((s) => s.seq));
    expect(new Set(server.receipts).size).toBe(18);
    expect(server.receipts).toHaveLength(18);
    expect(await heldRecords(db)).toHaveLength(18);
  });

  it('stops at an answer that is not all recorded: the batches read ahead of it are never sent', async () => {
    const sold = await sellMany(23);
    plan = (n) => (n === 2 ? 'answerRetry' : 'forward');
    await engine.syncNow();
    // The first batch was stored; the second answered `retry`; the ones read ahead of it stayed.
    expect(proxy.seen.pushes).toBe(2);
    expect((await db.outbox.orderBy('seq').first())?.seq).toBe(sold[5]!.seq);
    const queued = await db.outbox.orderBy('seq').toArray();
    expect(queued).toHaveLength(18);
    expect(queued.slice(0, 5).map((op) => op.attempts)).toEqual([1, 1, 1, 1, 1]);
    expect(queued.slice(5).every((op) => op.attempts === 0)).toBe(true);
    expect(await heldRecords(db)).toHaveLength(5);
    expect((await recorded()).ops.map((o) => o.seq)).toEqual(sold.slice(0, 10).map((s) => s.seq));

    await engine.syncNow();
    expect(await db.outbox.count()).toBe(0);
    const server = await recorded();
    // The retried batch had been recorded: sent again, it is answered `duplicate`, not recorded twice.
    expect(server.ops.map((o) => o.seq)).toEqual(sold.map((s) => s.seq));
    expect(server.receipts).toHaveLength(23);
    expect(proxy.seen.mostInFlight).toBe(1);
  });

  it('survives the server stopping in the middle of the drain: after its restart each sale is recorded once, in order', async () => {
    const sold = await sellMany(22);
    const port = Number(new URL(serverUrl).port);
    plan = (n) => (n === 3 ? 'stopServer' : 'forward');
    await engine.syncNow();
    expect(engine.getStatus().connection.state).not.toBe('online');
    const left = await db.outbox.count();
    expect(left).toBeGreaterThan(0);

    await startServer(port);
    plan = () => 'forward';
    // However much of the cut batch the server had committed, the rest follows it in order.
    await engine.syncNow();
    expect(engine.getStatus().connection.state).toBe('online');
    expect(await db.outbox.count()).toBe(0);
    const server = await recorded();
    expect(server.ops.map((o) => o.seq)).toEqual(sold.map((s) => s.seq));
    expect(new Set(server.receipts).size).toBe(22);
    expect(server.receipts).toHaveLength(22);
    expect((await withSyncStates(db, await db.sales.toArray())).every((s) => s.syncState === 'synced')).toBe(
      true,
    );
  });
});
