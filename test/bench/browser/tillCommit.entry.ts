import PouchDB from 'pouchdb-browser';
import { openTillDb } from '../../../renderer/db/database';
import { setMeta } from '../../../renderer/db/meta';
import { recordSale } from '../../../renderer/db/sales';
import { uuidv7 } from '../../../shared/domain/uuidv7';

/** Runs inside Chromium: fills the outbox with `queued` operations, then times real sale commits. */
async function measure(queued: number, sales: number, settleMs = 0) {
  const db = openTillDb(`bench-${uuidv7()}`);
  await db.open();
  await setMeta(db, 'device', {
    deviceId: uuidv7(),
    name: 'Bench till',
    token: 'otd_bench',
    serverUrl: 'http://127.0.0.1:1',
    store: { id: uuidv7(), code: 'MSK-01', name: 'Bench', currency: 'RUB' },
    enrolledAt: new Date().toISOString(),
  });
  const draft = {
    cardNumber: '2990000000011',
    lines: [
      { productId: 'p1', gtin: '4601234567893', name: 'Milk 1 l', quantityMilli: 2000, unitPriceMinor: 8990 },
      { productId: 'p2', gtin: '4600000000008', name: 'Bread', quantityMilli: 1000, unitPriceMinor: 5490 },
      { productId: 'p3', gtin: '4006381333931', name: 'Pen', quantityMilli: 3000, unitPriceMinor: 1990 },
    ],
    cashTenderedMinor: 50_000,
  };
  // A long offline day: one real sale, copied `queued` times into the sales table and the outbox
  // in bulk (through the same schema), then the counters moved past them.
  const fillStarted = performance.now();
  const template = await recordSale(db, draft);
  const outboxRow = (await db.outbox.get(template.seq))!;
  for (let start = 2; start <= queued + 1; start += 5000) {
    const seqs = Array.from({ length: Math.min(5000, queued + 2 - start) }, (_, i) => start + i);
    await db.transaction('rw', [db.sales, db.outbox], async () => {
      await db.sales.bulkAdd(
        seqs.map((seq) => ({
          ...template.sale,
          saleId: uuidv7(),
          receiptNo: `Q-${seq}`,
          seq,
          opId: uuidv7(),
        })),
      );
      await db.outbox.bulkAdd(seqs.map((seq) => ({ ...outboxRow, seq, opId: uuidv7() })));
    });
  }
  await setMeta(db, 'counters', { nextSeq: queued + 2, nextReceipt: queued + 2 });
  const fillMs = performance.now() - fillStarted;
  await settle(settleMs);
  const times: number[] = [];
  for (let i = 0; i < sales; i++) {
    const started = performance.now();
    await recordSale(db, draft);
    times.push(performance.now() - started);
  }
  const pending = await db.outbox.count();
  await db.delete();
  return { times, pending, fillMs };
}

/**
 * The reference in the same browser: PouchDB (IndexedDB adapter) holding `queued` sale documents,
 * then `put` of one sale document at a time, as an app built on PouchDB would confirm a sale.
 */
async function measurePouch(queued: number, sales: number, settleMs = 0) {
  const db = openTillDb(`bench-${uuidv7()}`);
  await db.open();
  await setMeta(db, 'device', {
    deviceId: uuidv7(),
    name: 'Bench till',
    token: 'otd_bench',
    serverUrl: 'http://127.0.0.1:1',
    store: { id: uuidv7(), code: 'MSK-01', name: 'Bench', currency: 'RUB' },
    enrolledAt: new Date().toISOString(),
  });
  const { sale } = await recordSale(db, {
    cardNumber: '2990000000011',
    lines: [
      { productId: 'p1', gtin: '4601234567893', name: 'Milk 1 l', quantityMilli: 2000, unitPriceMinor: 8990 },
      { productId: 'p2', gtin: '4600000000008', name: 'Bread', quantityMilli: 1000, unitPriceMinor: 5490 },
      { productId: 'p3', gtin: '4006381333931', name: 'Pen', quantityMilli: 3000, unitPriceMinor: 1990 },
    ],
    cashTenderedMinor: 50_000,
  });
  await db.delete();
  const pouch = new PouchDB(`bench-pouch-${uuidv7()}`);
  const fillStarted = performance.now();
  for (let start = 0; start < queued; start += 5000) {
    const n = Math.min(5000, queued - start);
    await pouch.bulkDocs(
      Array.from({ length: n }, (_, i) => ({ ...sale, _id: uuidv7(), receiptNo: `Q-${start + i}` })),
    );
  }
  const fillMs = performance.now() - fillStarted;
  await settle(settleMs);
  const times: number[] = [];
  for (let i = 0; i < sales; i++) {
    const started = performance.now();
    await pouch.put({ ...sale, _id: uuidv7(), receiptNo: `S-${i}` });
    times.push(performance.now() - started);
  }
  const pending = (await pouch.info()).doc_count;
  await pouch.destroy();
  return { times, pending, fillMs };
}

/**
 * A queue of 100,000 is written over days, not in the two minutes the bench fills it in: the
 * storage engine's background work on the fresh bulk (compaction) is let finish before timing.
 */
function settle(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

(globalThis as unknown as { omnitillBench: unknown }).omnitillBench = { measure, measurePouch };
