import { classifyScan, defaultScanConfig } from '../../../shared/barcode';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { pullOutputSchema, type StoreRow } from '../../../shared/sync/protocol';
import { parseUnknown } from '../../../shared/validation';
import {
  applyPullPage,
  findCard,
  findProductByGtin,
  findProductByItemCode,
  searchProducts,
} from '../../../renderer/db/catalog';
import { openTillDb } from '../../../renderer/db/database';
import { getMeta, setMeta } from '../../../renderer/db/meta';
import { productCount } from '../../../renderer/db/products';
import { scanToCart, type CatalogLookup } from '../../../renderer/scanner/scanToCart';
import { emptyCart } from '../../../renderer/till/cart';
import { takeStageTimes } from '../../../renderer/sync/bootstrapStages';
import { createServerClient } from '../../../renderer/sync/serverClient';
import { SyncEngine } from '../../../renderer/sync/syncEngine';

type Device = { deviceId: string; token: string; store: StoreRow; serverUrl: string };

/**
 * Runs inside Chromium. `ours`: a new till's sync engine from an empty database to the first
 * pull done (snapshot parts and the change log after them), then card scans through the till's
 * own `scanToCart` and `findCard`, product scans the same way and name searches as the scan box
 * makes them, then two pulled pages of card changes, the cards scanned (spread
 * over the blocks) and a run of neighbouring cards (many to a block). `reference`: the same rows pulled with `sync.pull` pages and
 * written with Dexie `bulkPut`, with no sync logic at all.
 */
async function ours(
  device: Device,
  cardNumbers: string[],
  runNumbers: string[],
  gtins: string[],
  names: string[],
) {
  const db = openTillDb(`bench-boot-${uuidv7()}`);
  await db.open();
  await setMeta(db, 'device', { ...device, name: 'Bench till', enrolledAt: new Date().toISOString() });
  const engine = new SyncEngine(db, { pollMs: 3_600_000, lockName: `bench-${uuidv7()}` });
  let updates = 0;
  engine.subscribe(() => {
    if (engine.getStatus().bootstrap) updates++;
  });
  takeStageTimes();
  const started = performance.now();
  await engine.syncNow();
  const ms = performance.now() - started;
  const stages = takeStageTimes();
  const status = engine.getStatus();
  const cards = await getMeta(db, 'snapshotCards');
  const products = await productCount(db);
  const lookup: CatalogLookup = {
    card: (number) => findCard(db, number),
    product: (gtin) => findProductByGtin(db, gtin),
    productByItemCode: (code) => findProductByItemCode(db, code),
  };
  const times: number[] = [];
  for (const raw of cardNumbers) {
    const at = performance.now();
    const outcome = await scanToCart(classifyScan(raw, defaultScanConfig), emptyCart, lookup);
    times.push(performance.now() - at);
    if (outcome.action?.type !== 'setCard' || outcome.action.known === null)
      throw new Error(`card ${raw} not found: ${JSON.stringify(outcome)}`);
  }
  const productTimes: number[] = [];
  for (const gtin of gtins) {
    const at = performance.now();
    const outcome = await scanToCart(classifyScan(gtin, defaultScanConfig), emptyCart, lookup);
    productTimes.push(performance.now() - at);
    if (outcome.action?.type !== 'addProduct')
      throw new Error(`product ${gtin} not found: ${JSON.stringify(outcome)}`);
  }
  const searchTimes: number[] = [];
  for (const name of names) {
    const at = performance.now();
    const found = await searchProducts(db, name);
    searchTimes.push(performance.now() - at);
    if (found.length === 0) throw new Error(`no product named ${name}…`);
  }
  engine.stop();
  // The cursor stays where the first pull left it: these pages measure storing, not the log.
  const cursor = (await getMeta(db, 'pullCursor')) ?? null;
  const pageMs = async (numbers: string[]) => {
    const changes = [];
    for (const number of numbers) {
      const card = await findCard(db, number);
      if (card === undefined) throw new Error(`card ${number} not found`);
      changes.push({ topic: 'card', id: number, data: { ...card, status: 'blocked' } });
    }
    const at = performance.now();
    await applyPullPage(db, { cursor, hasMore: false, changes });
    return performance.now() - at;
  };
  const spreadPageMs = await pageMs(cardNumbers);
  const runPageMs = await pageMs(runNumbers);
  db.close();
  await db.delete();
  return {
    ms,
    cards,
    products,
    progressUpdates: updates,
    stages,
    connection: status.connection.state,
    times,
    productTimes,
    searchTimes,
    spreadPageMs,
    runPageMs,
  };
}

async function reference(device: Device) {
  const db = openTillDb(`bench-boot-ref-${uuidv7()}`);
  await db.open();
  const client = createServerClient(device.serverUrl, device.token);
  const started = performance.now();
  let cursor: string | null = null;
  let rows = 0;
  for (;;) {
    const raw: unknown = await client.sync.pull.query({ cursor, limit: 2000 });
    const page = parseUnknown(pullOutputSchema, raw);
    if (!page.ok) throw new Error(page.error);
    const products = page.value.changes.filter((c) => c.topic === 'product').map((c) => c.data as never);
    const cards = page.value.changes.filter((c) => c.topic === 'card').map((c) => c.data as never);
    await db.transaction('rw', [db.products, db.cards], async () => {
      await db.products.bulkPut(products);
      await db.cards.bulkPut(cards);
    });
    rows += products.length + cards.length;
    cursor = page.value.cursor;
    if (!page.value.hasMore) break;
  }
  const ms = performance.now() - started;
  db.close();
  await db.delete();
  return { ms, rows };
}

(globalThis as unknown as { omnitillBench: unknown }).omnitillBench = { ours, reference };
