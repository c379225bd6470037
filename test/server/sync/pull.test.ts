import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { appendChanges } from '../../../server/sync/changeLog';
import { engines, openTestDb, PG_URL, skipEngine, type TestDb } from '../support/databases';
import { setUpChain } from '../support/chain';

describe.each(engines)('sync.pull on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    let chain: Awaited<ReturnType<typeof setUpChain>>;
    beforeEach(async () => {
      t = await openTestDb(engine);
      chain = await setUpChain(t.db);
      const now = new Date().toISOString();
      await appendChanges(
        t.db.kysely,
        Array.from({ length: 23 }, (_, i) => ({
          topic: 'product' as const,
          entityId: `p-${i}`,
          storeId: null,
          data: { id: `p-${i}`, gtin: '4600000000008', name: `Product ${i}`, priceMinor: 100 + i },
        })),
        now,
      );
    });
    afterEach(() => t.dispose());

    async function pullAll(caller = chain.tillA.caller, limit = 5, from: string | null = null) {
      const seen: string[] = [];
      let cursor = from;
      for (;;) {
        const page = await caller.sync.pull({ cursor, limit });
        seen.push(...page.changes.map((c) => `${c.topic}:${c.id}`));
        cursor = page.cursor;
        if (!page.hasMore) return { seen, cursor };
      }
    }

    it('pages through every change once, and later pulls return only what is new', async () => {
      const first = await pullAll();
      const products = first.seen.filter((s) => s.startsWith('product:'));
      expect(products).toHaveLength(23);
      expect(new Set(first.seen).size).toBe(first.seen.length);
      await appendChanges(
        t.db.kysely,
        [{ topic: 'product', entityId: 'p-new', storeId: null, data: null }],
        new Date().toISOString(),
      );
      const second = await pullAll(chain.tillA.caller, 5, first.cursor);
      expect(second.seen).toEqual(['product:p-new']);
    });

    it("gives a device its own store's rows and never another store's", async () => {
      const { seen } = await pullAll(chain.tillA.caller, 50);
      expect(seen).toContain(`store:${chain.storeA}`);
      expect(seen).not.toContain(`store:${chain.storeB}`);
      await expect(
        chain.tillA.caller.sync.pull({ cursor: null, storeId: chain.storeB }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });

    it('refuses a cursor it did not issue', async () => {
      await expect(chain.tillA.caller.sync.pull({ cursor: 'abc' })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
    });
  });
});

describe.skipIf(skipEngine('postgres'))('sync.pull on postgres with a late-committing writer', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await openTestDb('postgres');
  });
  afterEach(() => t.dispose());

  it('holds the cursor behind a transaction still in flight, then delivers its row', async () => {
    const chain = await setUpChain(t.db);
    const before = await collect(chain.tillA.caller, null);
    const schema = (
      await t.db.kysely
        .selectNoFrom((eb) => eb.fn<string>('current_schema').as('s'))
        .executeTakeFirstOrThrow()
    ).s;

    // A slow writer takes a change id first and commits last.
    const slow = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
    await slow.connect();
    onTestFinished(() => slow.end().catch(() => undefined));
    await slow.query('begin');
    await slow.query(
      `insert into change_log (topic, entity_id, store_id, data, created_at) values ('product', 'slow', null, null, now()::text)`,
    );
    await appendChanges(
      t.db.kysely,
      [{ topic: 'product', entityId: 'fast', storeId: null, data: null }],
      new Date().toISOString(),
    );

    const during = await collect(chain.tillA.caller, before.cursor);
    expect(during.seen).not.toContain('product:slow');
    // 'fast' is held back too: serving it would move the cursor past the slow writer's row.
    expect(during.seen).not.toContain('product:fast');

    await slow.query('commit');
    const after = await collect(chain.tillA.caller, during.cursor);
    expect(after.seen).toEqual(['product:slow', 'product:fast']);
  });

  async function collect(
    caller: Awaited<ReturnType<typeof setUpChain>>['tillA']['caller'],
    cursor: string | null,
  ) {
    const seen: string[] = [];
    for (;;) {
      const page = await caller.sync.pull({ cursor, limit: 100 });
      seen.push(...page.changes.map((c) => `${c.topic}:${c.id}`));
      cursor = page.cursor;
      if (!page.hasMore) return { seen, cursor };
    }
  }
});
