// @vitest-environment node
import { saleSyncState, withSyncStates } from '../../../renderer/db/saleSync';
import 'fake-indexeddb/auto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lineTotal } from '../../../shared/domain/money';
import { payloadHash } from '../../../shared/sync/protocol';
import { openTillDb, type TillDb } from '../../../renderer/db/database';
import { getMeta, requireMeta, setMeta } from '../../../renderer/db/meta';
import { findProductByGtin, productCount } from '../../../renderer/db/products';
import { recordSale } from '../../../renderer/db/sales';
import { SyncEngine } from '../../../renderer/sync/syncEngine';
import { applySale } from '../../../server/sync/applySale';
import { replaceCommandForTest } from '../../../server/sync/commands';
import { SET_ASIDE_AFTER_FAILURES } from '../../../server/sync/opFailures';
import { createHttpServer } from '../../../server/http';
import { demoProducts } from '../../../server/seed/demoData';
import { seedDemo } from '../../../server/seed/seedDemo';
import { createEnrolmentCode } from '../../../server/devices/enrolment';
import { openTestDb, type TestDb } from '../../server/support/databases';
import { publicCaller } from '../../server/support/chain';
import { uuidv7 } from '../../../shared/domain/uuidv7';

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};
const close = (server: Server) => {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
};

/** Forwards to the server; while `dropResponses` > 0 a push reaches the server but its answer is lost. */
function lossyProxy(upstream: string) {
  const state = { dropResponses: 0, pushes: 0, holdReports: null as Promise<void> | null };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        if (req.url?.includes('sync.reportStatus')) await state.holdReports;
        const answer = await fetch(upstream + (req.url ?? ''), {
          method: req.method,
          headers: Object.fromEntries(
            Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'connection'),
          ) as Record<string, string>,
          ...(req.method === 'POST' ? { body: Buffer.concat(chunks) } : {}),
        });
        const body = Buffer.from(await answer.arrayBuffer());
        if (req.url?.includes('sync.push')) {
          state.pushes++;
          if (state.dropResponses > 0) {
            state.dropResponses--;
            req.socket.destroy(); // the server committed; the till never hears of it
            return;
          }
        }
        res
          .writeHead(answer.status, {
            'content-type': answer.headers.get('content-type') ?? 'application/json',
          })
          .end(body);
      })();
    });
  });
  return { server, state };
}

describe('the till sync engine against a real server', () => {
  let t: TestDb;
  let server: Server;
  let proxy: ReturnType<typeof lossyProxy>;
  let db: TillDb;
  let engine: SyncEngine;
  const products = demoProducts(300);

  beforeEach(async () => {
    t = await openTestDb('sqlite');
    await seedDemo(t.db, t.dataDir, { products: 300, customers: 20 });
    server = createHttpServer({ db: t.db });
    proxy = lossyProxy(await listen(server));
    const proxyUrl = await listen(proxy.server);
    const store = await t.db.kysely
      .selectFrom('stores')
      .select('id')
      .where('code', '=', 'MSK-01')
      .executeTakeFirstOrThrow();
    const { code } = await createEnrolmentCode(t.db, store.id, 60);
    const enrolled = await publicCaller(t.db).device.enroll({ code, name: 'Till 1' });
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
    engine = new SyncEngine(db, { pullPage: 100 });
  });

  afterEach(async () => {
    engine.stop();
    await db.delete();
    await close(proxy.server);
    await close(server);
    await t.dispose();
  });

  const sell = (i: number) =>
    recordSale(db, {
      cardNumber: null,
      lines: [
        {
          productId: `p${i}`,
          gtin: products[i]!.gtin,
          name: products[i]!.name,
          quantityMilli: 1000,
          unitPriceMinor: products[i]!.priceMinor,
        },
      ],
      cashTenderedMinor: lineTotal(1000, products[i]!.priceMinor),
    });
  const serverSales = async () =>
    (await t.db.kysely.selectFrom('sales').select('receipt_no').orderBy('receipt_no').execute()).map(
      (s) => s.receipt_no,
    );

  it('starts from a snapshot of the catalog and drains the queue', async () => {
    await engine.syncNow();
    // A new till keeps the snapshot's products and cards in blocks, not rows (docs/sync-protocol.md
    // §17), and finds a product there as it would a row.
    expect(await db.products.count()).toBe(0);
    expect(await productCount(db)).toBe(300);
    expect(await getMeta(db, 'snapshotCards')).toBe(20);
    expect(await findProductByGtin(db, products[7]!.gtin)).toMatchObject({
      name: products[7]!.name,
      priceMinor: products[7]!.priceMinor,
    });
    expect(await getMeta(db, 'pullCursor')).not.toBeNull();
    for (let i = 0; i < 5; i++) await sell(i);
    await engine.syncNow();
    expect(await db.outbox.count()).toBe(0);
    expect(await serverSales()).toHaveLength(5);
    expect((await withSyncStates(db, await db.sales.toArray())).every((s) => s.syncState === 'synced')).toBe(
      true,
    );
    expect(engine.getStatus()).toMatchObject({
      connection: { state: 'online' },
      lastAnswer: { answer: { kind: 'synced', recorded: 5, recordedSales: 5, rejected: 0, setAside: 0 } },
    });
  });

  it('records each sale once when the answer to a push is lost and the till retries', async () => {
    for (let i = 0; i < 3; i++) await sell(i);
    proxy.state.dropResponses = 1;
    await engine.syncNow();
    expect(engine.getStatus().connection.state).toBe('unreachable');
    expect(await db.outbox.count()).toBe(3); // the till does not know; it keeps them
    expect(await serverSales()).toHaveLength(3); // the server has them already

    await engine.syncNow();
    expect(await db.outbox.count()).toBe(0);
    expect(await serverSales()).toHaveLength(3);
    expect(proxy.state.pushes).toBe(2);
  });

  it('shows the server online with its answer, not after the queue report that follows', async () => {
    await sell(0);
    proxy.state.dropResponses = 1;
    await engine.syncNow();
    expect(engine.getStatus().connection.state).toBe('unreachable');

    let release!: () => void;
    proxy.state.holdReports = new Promise((resolve) => (release = resolve));
    const cycle = engine.syncNow();
    await expect.poll(() => engine.getStatus().lastAnswer?.answer.kind, { timeout: 10_000 }).toBe('synced');
    // The sale is recorded and the catalog pulled; the report to HQ has not been answered yet.
    expect(engine.getStatus().connection.state).toBe('online');
    release();
    await cycle;
    expect(engine.getStatus().connection.state).toBe('online');
  });

  it('sets a rejected operation aside with its reason and goes on with the next', async () => {
    await sell(0);
    const bad = await sell(1);
    await sell(2);
    // A till bug wrote a total that disagrees with the lines; the hash matches the bad payload.
    const payload = { ...bad.sale, totalMinor: bad.sale.totalMinor + 1 };
    await db.outbox.update(bad.seq, { payload, payloadHash: payloadHash(payload) });
    await engine.syncNow();
    expect(await db.outbox.count()).toBe(0);
    expect(await db.rejected.toArray()).toMatchObject([{ seq: bad.seq, reason: 'invalid_payload' }]);
    expect(await serverSales()).toHaveLength(2);
    expect(await saleSyncState(db, (await db.sales.get(bad.sale.saleId))!)).toBe('rejected');
  });

  describe('tells apart what stands between the till and the server', () => {
    let restore: (() => void) | undefined;
    afterEach(() => restore?.());

    const pointAt = async (serverUrl: string, token?: string) => {
      const device = await requireMeta(db, 'device');
      await setMeta(db, 'device', { ...device, serverUrl, ...(token && { token }) });
    };
    /** A real HTTP server that answers every request the same way. */
    const answering = async (status: number, type: string, body: string) => {
      const other = createServer((_req, res) => res.writeHead(status, { 'content-type': type }).end(body));
      const url = await listen(other);
      others.push(other);
      return url;
    };
    const others: Server[] = [];
    afterEach(async () => {
      await Promise.all(others.splice(0).map(close));
    });

    it('offline when the browser says so; the last server answer stays in view', async () => {
      await sell(0);
      await engine.syncNow();
      const answered = engine.getStatus().lastAnswer;
      expect(answered).toMatchObject({ answer: { kind: 'synced', recorded: 1 } });

      const offline = new SyncEngine(db, { browserOnline: () => false });
      await pointAt('http://127.0.0.1:9');
      await offline.syncNow();
      expect(offline.getStatus().connection).toEqual({ state: 'offline' });
      // A network failure while the browser has a network is the server being unreachable.
      await engine.syncNow();
      expect(engine.getStatus().connection.state).toBe('unreachable');
      expect(engine.getStatus().lastAnswer).toEqual(answered);
    });

    it('retry, with the server’s reason and how many operations it held back', async () => {
      const sales = [await sell(0), await sell(1), await sell(2)];
      restore = replaceCommandForTest('sale.record', (trx, scope, opId, sale, context) => {
        if (sale.saleId === sales[0]!.sale.saleId) {
          throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
        }
        return applySale(trx, scope, opId, sale, context);
      });
      await engine.syncNow();
      const refusal = { kind: 'retry', count: 3, reason: 'transient' };
      expect(engine.getStatus()).toMatchObject({
        connection: { state: 'refused', refusal },
        lastAnswer: { answer: { kind: 'refused', refusal } },
      });
      expect(await db.outbox.count()).toBe(3);
    });

    it('cannot resend, with the seq the server expects, when the till lost it before sending', async () => {
      await sell(0);
      await sell(1);
      await db.outbox.delete(1); // lost locally: the server must not skip it
      await engine.syncNow();
      expect(engine.getStatus().connection).toEqual({
        state: 'refused',
        refusal: { kind: 'cannotResend', expectedSeq: 1, heldFrom: null },
      });
      expect(await serverSales()).toEqual([]);
    });

    it('unauthorized when the server refuses the token', async () => {
      await pointAt((await requireMeta(db, 'device')).serverUrl, 'otd_not-a-token');
      await engine.syncNow();
      expect(engine.getStatus().connection).toEqual({ state: 'refused', refusal: { kind: 'unauthorized' } });
    });

    it('a server error, with its HTTP status, from a proxy page', async () => {
      await sell(0);
      await pointAt(await answering(502, 'text/html', '<h1>502 Bad Gateway</h1>'));
      await engine.syncNow();
      expect(engine.getStatus().connection).toMatchObject({
        state: 'refused',
        refusal: { kind: 'serverError', httpStatus: 502 },
      });
    });

    it('an answer this till cannot read: a newer server', async () => {
      await sell(0);
      const newer = JSON.stringify({ result: { data: { outcomes: [{ op: 1, state: 'stored' }] } } });
      await pointAt(await answering(200, 'application/json', newer));
      await engine.syncNow();
      expect(engine.getStatus().connection).toMatchObject({
        state: 'refused',
        refusal: { kind: 'unreadable' },
      });
      expect(await db.outbox.count()).toBe(1); // nothing is taken as acknowledged
    });

    it('sets aside an operation that keeps failing on the server; later sales sync', async () => {
      await sell(0);
      const poison = await sell(1);
      await sell(2);
      restore = replaceCommandForTest('sale.record', (trx, scope, opId, sale, context) => {
        if (sale.saleId === poison.sale.saleId) throw new Error('numeric field overflow');
        return applySale(trx, scope, opId, sale, context);
      });
      for (let attempt = 1; attempt < SET_ASIDE_AFTER_FAILURES; attempt++) {
        await engine.syncNow();
        expect(engine.getStatus().connection).toMatchObject({
          state: 'refused',
          refusal: { kind: 'retry', reason: 'server_error' },
        });
      }
      await engine.syncNow();
      expect(engine.getStatus()).toMatchObject({
        connection: { state: 'online' },
        lastAnswer: { answer: { kind: 'synced', recorded: 1, rejected: 1, setAside: 1 } },
      });
      expect(await db.outbox.count()).toBe(0);
      expect(await db.rejected.toArray()).toMatchObject([
        {
          seq: poison.seq,
          reason: 'failed_repeatedly',
          quarantined: true,
          payload: { receiptNo: poison.sale.receiptNo },
        },
      ]);
      expect(await saleSyncState(db, (await db.sales.get(poison.sale.saleId))!)).toBe('rejected');
      const kept = await t.db.kysely.selectFrom('quarantined_ops').select(['seq', 'payload']).execute();
      expect(kept).toHaveLength(1);
      expect(JSON.parse(kept[0]!.payload)).toMatchObject({ receiptNo: poison.sale.receiptNo });

      const later = await sell(3);
      await engine.syncNow();
      expect(await serverSales()).toContain(later.sale.receiptNo);
      expect(await serverSales()).toHaveLength(3);
    });
  });
});
