import PouchDB from 'pouchdb-browser';
import { openTillDb, type TillDb } from '../../../renderer/db/database';
import { setMeta } from '../../../renderer/db/meta';
import { prepareSale, recordSale, type PreparedSale, type RecordedSale } from '../../../renderer/db/sales';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { tillCommitKinds as kinds, type TillCommitKind as Kind } from '../support/tillCommitKinds';

const draft = {
  cardNumber: '2990000000011',
  lines: [
    { productId: 'p1', gtin: '4601234567893', name: 'Milk 1 l', quantityMilli: 2000, unitPriceMinor: 8990 },
    { productId: 'p2', gtin: '4600000000008', name: 'Bread', quantityMilli: 1000, unitPriceMinor: 5490 },
    { productId: 'p3', gtin: '4006381333931', name: 'Pen', quantityMilli: 3000, unitPriceMinor: 1990 },
  ],
  cashTenderedMinor: 50_000,
};

/**
 * PouchDB opens its IndexedDB transactions with the browser's default durability, relaxed in
 * Chromium since version 121 (https://developer.chrome.com/blog/indexeddb-durability-mode-now-defaults-to-relaxed),
 * where the till confirms a sale strict. For a peer at the till's durability, PouchDB databases
 * whose name holds this mark write in strict transactions.
 */
const STRICT_POUCH = 'bench-pouch-strict-';
const openTransaction = IDBDatabase.prototype.transaction;
let strictPouchTransactions = 0;
IDBDatabase.prototype.transaction = function (
  this: IDBDatabase,
  stores: string | string[],
  mode?: IDBTransactionMode,
  options?: IDBTransactionOptions,
) {
  const strict = mode === 'readwrite' && this.name.includes(STRICT_POUCH);
  if (strict) strictPouchTransactions++;
  return openTransaction.call(this, stores, mode, strict ? { ...options, durability: 'strict' } : options);
};

async function enrolledTill(): Promise<TillDb> {
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
  return db;
}

/**
 * A long offline day: one real sale, copied `queued` times into the sales table and the outbox in
 * bulk (through the same schema), then the counters moved past them.
 */
async function fillTill(db: TillDb, template: RecordedSale, queued: number) {
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
}

/** The same sale documents in PouchDB (IndexedDB adapter). */
async function fillPouch(pouch: PouchDB, sale: object, queued: number) {
  for (let start = 0; start < queued; start += 5000) {
    const n = Math.min(5000, queued - start);
    await pouch.bulkDocs(
      Array.from({ length: n }, (_, i) => ({ ...sale, _id: uuidv7(), receiptNo: `Q-${start + i}` })),
    );
  }
}

/** One raw IndexedDB transaction; resolves on `complete`, as a commit is reported. */
function rawTransaction(
  idb: IDBDatabase,
  stores: string[],
  durability: IDBTransactionDurability,
  write: (tx: IDBTransaction) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = idb.transaction(stores, 'readwrite', { durability });
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
    write(tx);
  });
}

/**
 * Runs inside Chromium: a till and a PouchDB database, each holding `queued` sales, then `sales`
 * rounds of every kind, the order turning each round so no kind always follows the same one.
 */
async function measure(queued: number, sales: number, settleMs = 0) {
  const db = await enrolledTill();
  const fillStarted = performance.now();
  const template = await recordSale(db, draft);
  await fillTill(db, template, queued);
  const pouch = new PouchDB(`bench-pouch-${uuidv7()}`);
  await fillPouch(pouch, template.sale, queued);
  const strictPouch = new PouchDB(`${STRICT_POUCH}${uuidv7()}`);
  await fillPouch(strictPouch, template.sale, queued);
  const fillMs = performance.now() - fillStarted;
  await settle(settleMs);

  const idb = db.backendDB();
  const outboxRow = (await db.outbox.get(template.seq))!;
  let nextSeq = queued + 2 + kinds.length * sales + 10;
  const run: Record<Kind, (i: number) => Promise<unknown>> = {
    ours: () => recordSale(db, draft, undefined, prepared),
    oursUnprepared: () => recordSale(db, draft),
    pouch: (i) => pouch.put({ ...template.sale, _id: uuidv7(), receiptNo: `S-${i}` }),
    pouchStrict: (i) => strictPouch.put({ ...template.sale, _id: uuidv7(), receiptNo: `T-${i}` }),
    sameWrites: () => {
      // Seqs far above the ones `ours` takes, so the two never meet.
      const seq = nextSeq++;
      const opId = uuidv7();
      const sale = { ...template.sale, saleId: uuidv7(), receiptNo: `W-${seq}` };
      return rawTransaction(idb, ['sales', 'outbox', 'meta', 'basket'], 'strict', (tx) => {
        tx.objectStore('sales').add({ ...sale, seq, opId });
        // A sale's outbox record holds its hash, not a copy of the sale (docs/sync-protocol.md §15.1).
        tx.objectStore('outbox').add({ ...outboxRow, seq, opId });
        tx.objectStore('meta').put({
          key: 'benchCounters',
          value: { nextSeq: seq + 1, nextReceipt: seq + 1 },
        });
        tx.objectStore('basket').delete('open');
      });
    },
    oneStrict: (i) =>
      rawTransaction(idb, ['meta'], 'strict', (tx) =>
        tx.objectStore('meta').put({ key: 'benchFloor', value: i }),
      ),
    oneRelaxed: (i) =>
      rawTransaction(idb, ['meta'], 'relaxed', (tx) =>
        tx.objectStore('meta').put({ key: 'benchFloor', value: i }),
      ),
    emptyStrict: () => rawTransaction(idb, ['meta'], 'strict', () => undefined),
  };
  let prepared: PreparedSale | undefined;
  const times = Object.fromEntries(kinds.map((k) => [k, [] as number[]])) as Record<Kind, number[]>;
  for (let i = 0; i < sales; i++) {
    for (let k = 0; k < kinds.length; k++) {
      const kind = kinds[(i + k) % kinds.length]!;
      // Read while the cashier is on the payment screen, before confirm: not part of the commit.
      if (kind === 'ours') prepared = await prepareSale(db, draft.cardNumber);
      const started = performance.now();
      await run[kind](i);
      times[kind].push(performance.now() - started);
    }
  }
  const pending = await db.outbox.count();
  await db.delete();
  await pouch.destroy();
  await strictPouch.destroy();
  // A PouchDB that no longer opens its transactions here would time a relaxed put as strict.
  if (strictPouchTransactions < sales) throw new Error('PouchDB made strict opened no strict transactions');
  return { times, pending, fillMs };
}

/**
 * A queue of 100,000 is written over days, not in the two minutes the bench fills it in: the
 * storage engine's background work on the fresh bulk (compaction) is let finish before timing.
 */
function settle(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

(globalThis as unknown as { omnitillBench: unknown }).omnitillBench = { measure };
