import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { createHttpServer } from '../../../server/http';
import { appendChanges, type Change } from '../../../server/sync/changeLog';
import { snapshotBuilds } from '../../../server/sync/snapshots';
import { startSnapshotWarmer } from '../../../server/sync/snapshotWarmer';
import {
  bodyLines,
  SNAPSHOT_PART_ROWS,
  snapshotPartPath,
  type SnapshotManifest,
} from '../../../shared/sync/snapshot';
import { engines, openTestDb, PG_URL, skipEngine, type TestDb } from '../support/databases';
import { setUpChain } from '../support/chain';

type Chain = Awaited<ReturnType<typeof setUpChain>>;
type Caller = Chain['tillA']['caller'];

const card = (n: number, status = 'active') => ({
  number: `29900000${String(n).padStart(5, '0')}`,
  customerId: `cust-${n % 7}`,
  maskedName: `Customer ${n} P.`,
  status,
});
const cardChange = (n: number, status = 'active'): Change => ({
  topic: 'card',
  entityId: card(n).number,
  storeId: null,
  data: card(n, status),
});
const append = (t: TestDb, changes: Change[]) =>
  appendChanges(t.db.kysely, changes, new Date().toISOString());

/**
 * What a till holds after applying pulled changes in order: `topic:id` → row; a product whose
 * GTIN another product takes is replaced, as at the till.
 */
function applyChanges(state: Map<string, unknown>, changes: { topic: string; id: string; data: unknown }[]) {
  for (const c of changes) {
    if (c.data === null) state.delete(`${c.topic}:${c.id}`);
    else {
      if (c.topic === 'product') {
        const gtin = (c.data as { gtin: string }).gtin;
        for (const [key, row] of state)
          if (key.startsWith('product:') && (row as { gtin: string }).gtin === gtin) state.delete(key);
      }
      state.set(`${c.topic}:${c.id}`, c.data);
    }
  }
  return state;
}

async function pullFrom(caller: Caller, cursor: string | null) {
  const changes: { topic: string; id: string; data: unknown }[] = [];
  for (;;) {
    const page = await caller.sync.pull({ cursor, limit: 500 });
    changes.push(...page.changes);
    cursor = page.cursor;
    if (!page.hasMore) return { changes, cursor };
  }
}

describe.each(engines)('sync.snapshot on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    let chain: Chain;
    let server: Server;
    let base: string;
    beforeEach(async () => {
      t = await openTestDb(engine);
      chain = await setUpChain(t.db);
      await append(t, [
        ...Array.from({ length: 120 }, (_, i) => cardChange(i)),
        { topic: 'product', entityId: 'p-1', storeId: null, data: product('p-1', '4600000000015') },
        { topic: 'product', entityId: 'p-2', storeId: null, data: product('p-2', '4600000000022') },
        {
          topic: 'product',
          entityId: 'p-4',
          storeId: null,
          data: { ...product('p-4', '4600000000039'), name: 'Oat Milk', itemCode: '0042' },
        },
        { topic: 'customer_summary', entityId: 'cust-1', storeId: null, data: { customerId: 'cust-1' } },
      ]);
      // Changed, erased, and a GTIN moved from p-1 to p-3: the snapshot holds only the outcome.
      await append(t, [
        cardChange(5, 'blocked'),
        { topic: 'card', entityId: card(6).number, storeId: null, data: null },
        { topic: 'product', entityId: 'p-3', storeId: null, data: product('p-3', '4600000000015') },
      ]);
      server = createHttpServer({ db: t.db });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterEach(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await t.dispose();
    });

    const fetchPart = (
      manifest: SnapshotManifest,
      index: number,
      token: string | null,
      init: RequestInit = {},
    ) =>
      fetch(`${base}${snapshotPartPath(manifest.snapshotId, index)}`, {
        ...init,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...init.headers },
      });

    /** Each kind's lines, its parts in order. */
    async function partLines(manifest: SnapshotManifest) {
      const lines = new Map<string, string[]>();
      for (const part of manifest.parts) {
        const response = await fetchPart(manifest, part.index, chain.tillA.token);
        expect(response.status).toBe(200);
        const body = bodyLines(await response.text());
        expect(body).toHaveLength(part.rows);
        lines.set(part.kind, [...(lines.get(part.kind) ?? []), ...body]);
      }
      return lines;
    }

    /** The state a till reaches from the snapshot's parts, as pulled changes. */
    async function readSnapshot(manifest: SnapshotManifest) {
      const changes: { topic: string; id: string; data: unknown }[] = [];
      for (const [kind, lines] of await partLines(manifest)) {
        for (const line of lines) {
          const row = JSON.parse(line) as unknown;
          if (kind === 'card') {
            const [number, customerId, maskedName, status] = row as string[];
            changes.push({ topic: 'card', id: number!, data: { number, customerId, maskedName, status } });
          } else if (kind === 'productByGtin') {
            const [, data] = row as [string, { id: string }];
            changes.push({ topic: 'product', id: data.id, data });
          } else if (kind === 'change') changes.push(row as { topic: string; id: string; data: unknown });
        }
      }
      return changes;
    }

    it('holds exactly what pulling the change log from the start gives, cut at its cursor', async () => {
      const manifest = await chain.tillA.caller.sync.snapshot();
      const fromSnapshot = applyChanges(new Map(), await readSnapshot(manifest));
      const everything = await pullFrom(chain.tillA.caller, null);
      expect(fromSnapshot).toEqual(applyChanges(new Map(), everything.changes));
      expect(manifest.cursor).toBe(everything.cursor);
      expect(fromSnapshot.has(`card:${card(6).number}`)).toBe(false);
      expect(fromSnapshot.get(`card:${card(5).number}`)).toMatchObject({ status: 'blocked' });
      expect(fromSnapshot.has('product:p-1')).toBe(false);
      // Products come sorted by GTIN, with their indexes by id, lower-cased name and item code;
      // none of the old `product` kind, which a till of an earlier version would store as rows.
      const lines = await partLines(manifest);
      expect(lines.get('productByGtin')!.map((l) => (JSON.parse(l) as unknown[])[0])).toEqual([
        '4600000000015',
        '4600000000022',
        '4600000000039',
      ]);
      expect(lines.get('productById')).toEqual([
        '["p-2","4600000000022"]',
        '["p-3","4600000000015"]',
        '["p-4","4600000000039"]',
      ]);
      expect(lines.get('productByName')!.map((l) => JSON.parse(l) as unknown)).toEqual([
        ['oat milk', { ...product('p-4', '4600000000039'), name: 'Oat Milk', itemCode: '0042' }],
        ['product p-2', product('p-2', '4600000000022')],
        ['product p-3', product('p-3', '4600000000015')],
      ]);
      expect(lines.get('productByItemCode')).toEqual(['["0042","4600000000039"]']);
      expect(manifest.parts.some((p) => p.kind === 'product')).toBe(false);
      expect(manifest.rows).toBe(fromSnapshot.size);
      // Cards come sorted by number, and with their by-customer index.
      const cardLines = manifest.parts.filter((p) => p.kind === 'card').reduce((n, p) => n + p.rows, 0);
      expect(cardLines).toBe(119);
      expect(manifest.parts.some((p) => p.kind === 'cardByCustomer' && p.rows === 119)).toBe(true);
    });

    it('brings what changed after it, an erased card included, with the pull from its cursor', async () => {
      const manifest = await chain.tillA.caller.sync.snapshot();
      await append(t, [
        cardChange(7, 'blocked'),
        { topic: 'card', entityId: card(8).number, storeId: null, data: null },
      ]);
      // A new till a moment later is handed the same snapshot, and pulls the rest.
      const again = await chain.tillA.caller.sync.snapshot();
      expect(again.snapshotId).toBe(manifest.snapshotId);
      const state = applyChanges(new Map(), await readSnapshot(manifest));
      const tail = await pullFrom(chain.tillA.caller, manifest.cursor);
      expect(tail.changes.map((c) => `${c.topic}:${c.id}`)).toEqual([
        `card:${card(7).number}`,
        `card:${card(8).number}`,
      ]);
      applyChanges(state, tail.changes);
      expect(state.has(`card:${card(8).number}`)).toBe(false);
      expect(state).toEqual(applyChanges(new Map(), (await pullFrom(chain.tillA.caller, null)).changes));
    });

    it('serves parts gzip-compressed and immutable, only to a till of the store with its token', async () => {
      const manifest = await chain.tillA.caller.sync.snapshot();
      const ok = await fetchPart(manifest, 0, chain.tillA.token, { headers: { 'accept-encoding': 'gzip' } });
      expect(ok.headers.get('content-encoding')).toBe('gzip');
      expect(ok.headers.get('cache-control')).toContain('immutable');
      const etag = ok.headers.get('etag')!;
      await ok.arrayBuffer();
      const cached = await fetchPart(manifest, 0, chain.tillA.token, { headers: { 'if-none-match': etag } });
      expect(cached.status).toBe(304);

      expect((await fetchPart(manifest, 0, null)).status).toBe(401);
      expect((await fetchPart(manifest, 0, 'otd_not-a-token')).status).toBe(401);
      expect((await fetchPart(manifest, 0, chain.tillB.token)).status).toBe(403);
      expect((await fetchPart(manifest, 99, chain.tillA.token)).status).toBe(404);
      const gone = { ...manifest, snapshotId: '01900000-0000-7000-8000-000000000000' };
      expect((await fetchPart(gone, 0, chain.tillA.token)).status).toBe(410);
    });

    it('is built ahead at start, so a new till asking after it is handed a ready one', async () => {
      expect(snapshotBuilds(t.db)).toBe(0);
      const warmer = startSnapshotWarmer(t.db);
      onTestFinished(() => warmer.stop());
      await warmer.idle();
      // Both stores of the chain have cards (chain-wide ones), so both got a snapshot.
      expect(snapshotBuilds(t.db)).toBe(2);
      const manifest = await chain.tillA.caller.sync.snapshot();
      const forB = await chain.tillB.caller.sync.snapshot();
      expect(snapshotBuilds(t.db)).toBe(2);
      expect(forB.snapshotId).not.toBe(manifest.snapshotId);
      expect(manifest.cursor).toBe((await pullFrom(chain.tillA.caller, null)).cursor);
      expect(applyChanges(new Map(), await readSnapshot(manifest)).size).toBe(manifest.rows);
    });

    it('is built anew for a till asking after a load of a part or more of changes', async () => {
      const manifest = await chain.tillA.caller.sync.snapshot();
      for (let start = 200; start < 200 + SNAPSHOT_PART_ROWS; start += 10_000)
        await append(
          t,
          Array.from({ length: 10_000 }, (_, i) => cardChange(start + i)),
        );
      const after = await chain.tillA.caller.sync.snapshot();
      expect(after.snapshotId).not.toBe(manifest.snapshotId);
      expect(after.rows).toBe(manifest.rows + SNAPSHOT_PART_ROWS);
      expect(snapshotBuilds(t.db)).toBe(2);
    }, 60_000);

    it('is refused without a device token', async () => {
      const response = await fetch(`${base}/trpc/sync.snapshot`);
      expect(response.status).toBe(401);
    });
  });
});

describe.skipIf(skipEngine('postgres'))('sync.snapshot on postgres with a late-committing writer', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await openTestDb('postgres');
  });
  afterEach(() => t.dispose());

  it('leaves a transaction still in flight to the pull from its cursor', async () => {
    const chain = await setUpChain(t.db);
    const schema = (
      await t.db.kysely
        .selectNoFrom((eb) => eb.fn<string>('current_schema').as('s'))
        .executeTakeFirstOrThrow()
    ).s;
    const slow = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
    await slow.connect();
    onTestFinished(() => slow.end().catch(() => undefined));
    await slow.query('begin');
    await slow.query(
      `insert into change_log (topic, entity_id, store_id, data, created_at) values ('card', $1, null, $2, now()::text)`,
      [card(1).number, JSON.stringify(card(1))],
    );
    await append(t, [cardChange(2)]);

    const manifest = await chain.tillA.caller.sync.snapshot();
    // Neither card is in it: the fast one's row would put the cursor past the slow writer's.
    expect(manifest.parts.filter((p) => p.kind === 'card')).toEqual([]);
    await slow.query('commit');
    const tail = await pullFrom(chain.tillA.caller, manifest.cursor);
    expect(tail.changes.map((c) => c.id)).toEqual([card(1).number, card(2).number]);
  });
});

function product(id: string, gtin: string) {
  return { id, gtin, name: `Product ${id}`, priceMinor: 1000 };
}
