import PouchDB from 'pouchdb-browser';
import { makeLinkCode } from '../../../shared/barcode/serverCodes';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { payloadHash } from '../../../shared/sync/protocol';
import type { StoreRow } from '../../../shared/sync/protocol';
import { openTillDb } from '../../../renderer/db/database';
import { setMeta } from '../../../renderer/db/meta';
import { recordSale } from '../../../renderer/db/sales';
import { gzip } from '../../../renderer/sync/serverClient';
import { SyncEngine } from '../../../renderer/sync/syncEngine';

type Device = { deviceId: string; token: string; store: StoreRow; serverUrl: string };

const draft = {
  cardNumber: null,
  lines: [
    { productId: 'p1', gtin: '4601234567893', name: 'Milk 1 l', quantityMilli: 2000, unitPriceMinor: 8990 },
    { productId: 'p2', gtin: '4600000000008', name: 'Bread', quantityMilli: 1000, unitPriceMinor: 5490 },
    { productId: 'p3', gtin: '4006381333931', name: 'Pen', quantityMilli: 3000, unitPriceMinor: 1990 },
  ],
  cashTenderedMinor: 50_000,
};

/** One real sale, then `count − 1` copies with their own ids, receipt numbers and link codes. */
async function saleDocuments(count: number, device: Device) {
  const db = openTillDb(`bench-drain-${uuidv7()}`);
  await db.open();
  await setMeta(db, 'device', { ...device, name: 'Bench till', enrolledAt: new Date().toISOString() });
  const template = await recordSale(db, draft);
  const sales = [template.sale];
  for (let i = 2; i <= count; i++) {
    sales.push({
      ...template.sale,
      saleId: uuidv7(),
      receiptNo: `D-${i}`,
      linkCode: makeLinkCode(crypto.getRandomValues(new Uint8Array(9))),
    });
  }
  return { db, template, sales };
}

/** Queues `count` sales at a till enrolled on our server, as a long offline spell leaves them. */
async function fillOurs(device: Device, count: number) {
  const started = performance.now();
  const { db, template, sales } = await saleDocuments(count, device);
  const outboxRow = (await db.outbox.get(template.seq))!;
  for (let start = 1; start < sales.length; start += 2000) {
    const chunk = sales.slice(start, start + 2000);
    const rows = chunk.map((sale, i) => ({ sale, seq: start + 1 + i, opId: uuidv7() }));
    await db.transaction('rw', [db.sales, db.outbox], async () => {
      await db.sales.bulkAdd(rows.map(({ sale, seq, opId }) => ({ ...sale, seq, opId })));
      // As `recordSale` writes them: a sale's record holds its hash, the payload is its row.
      await db.outbox.bulkAdd(
        rows.map(({ sale, seq, opId }) => ({
          ...outboxRow,
          seq,
          opId,
          payloadHash: payloadHash(sale),
          wallTime: sale.wallTime,
        })),
      );
    });
  }
  await setMeta(db, 'counters', { nextSeq: count + 1, nextReceipt: count + 1 });
  const queued = await db.outbox.count();
  db.close();
  return { name: db.name, queued, fillMs: performance.now() - started };
}

/** Drains the queue as the till's sync engine does after the network comes back. */
async function drainOurs(name: string) {
  const db = openTillDb(name);
  await db.open();
  const engine = new SyncEngine(db, { pollMs: 3_600_000 });
  const started = performance.now();
  await engine.syncNow();
  const ms = performance.now() - started;
  const left = await db.outbox.count();
  const status = engine.getStatus();
  await db.delete();
  return { ms, left, connection: status.connection.state, answer: status.lastAnswer?.answer ?? null };
}

/** The same sale documents in PouchDB (IndexedDB), replicated to a CouchDB-API server. */
async function drainPouch(device: Device, url: string, count: number) {
  const { db, sales } = await saleDocuments(count, device);
  await db.delete();
  const local = new PouchDB(`bench-pouch-${uuidv7()}`);
  const fillStarted = performance.now();
  for (let i = 0; i < sales.length; i += 2000) {
    await local.bulkDocs(sales.slice(i, i + 2000).map((sale) => ({ ...sale, _id: sale.saleId })));
  }
  const fillMs = performance.now() - fillStarted;
  const started = performance.now();
  const result = await local.replicate.to(url);
  const ms = performance.now() - started;
  await local.destroy();
  return { ms, fillMs, written: result.docs_written };
}

/**
 * What compressing a full push would save: a request of 500 queued sales as the till sends it,
 * its size in JSON and gzip-compressed by the browser, and the time compressing takes here.
 */
async function pushCompression(device: Device) {
  const { db, template, sales } = await saleDocuments(500, device);
  const { kind, schemaVersion } = (await db.outbox.get(template.seq))!;
  await db.delete();
  const ops = sales.map((sale, i) => ({
    seq: i + 1,
    opId: uuidv7(),
    kind,
    schemaVersion,
    payload: sale,
    payloadHash: payloadHash(sale),
    wallTime: sale.wallTime,
  }));
  const json = JSON.stringify({ deviceId: device.deviceId, installId: uuidv7(), ops, sentAt: '' });
  const started = performance.now();
  const compressed = await gzip(json);
  return {
    jsonBytes: new TextEncoder().encode(json).length,
    gzipBytes: compressed.byteLength,
    ms: performance.now() - started,
  };
}

(globalThis as unknown as { omnitillBench: unknown }).omnitillBench = {
  fillOurs,
  drainOurs,
  drainPouch,
  pushCompression,
};
