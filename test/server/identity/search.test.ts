import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { observe } from '../../../server/identity';
import { nameKey } from '../../../shared/identity';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { addHqUser, hqCaller } from '../support/hqUsers';

describe.each(engines)('HQ customer search on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    afterEach(() => t.dispose());

    it('finds a customer by any spelling of an identifier, and pages every name match once, in order', async () => {
      t = await openTestDb(engine);
      const k = t.db.kysely;
      const at = new Date().toISOString();
      const names = Array.from({ length: 130 }, (_, i) => `Petrov ${String(i).padStart(3, '0')}`);
      await k
        .insertInto('customers')
        .values(
          names.map((name, i) => ({
            id: `cust-${String(129 - i).padStart(3, '0')}`,
            display_name: name,
            phone: null,
            email: null,
            created_at: at,
            name_key: nameKey(name),
          })),
        )
        .execute();
      await k
        .insertInto('customers')
        .values({
          id: 'other',
          display_name: 'Ivanova',
          phone: null,
          email: null,
          created_at: at,
          name_key: 'ivanova',
        })
        .execute();
      await observe(
        k,
        {
          identifiers: [
            { type: 'card', value: '4600000000017', verified: true },
            { type: 'phone', value: '+79123456789', verified: false },
          ],
          evidence: 'card_issue',
          sourceRef: 'customer:other',
        },
        { newCustomerId: 'other' },
      );

      const analyst = hqCaller(t.db, await addHqUser(t.db, 'analyst'));
      for (const query of ['8 (912) 345-67-89', '4600 0000 0001 7', 'ivan']) {
        const found = await analyst.hq.identity.search({ query });
        expect(found.customers.map((c) => c.customerId)).toEqual(['other']);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: { customers: { displayName: string }[]; nextCursor: string | null } =
          await analyst.hq.identity.search({ query: '  PETROV ', limit: 50, ...(cursor ? { cursor } : {}) });
        seen.push(...page.customers.map((c) => c.displayName));
        cursor = page.nextCursor;
        pages++;
      } while (cursor !== null);
      expect(pages).toBe(3);
      expect(seen).toEqual(names);
      await expect(
        analyst.hq.identity.search({ query: 'petrov', cursor: 'not-a-cursor' }),
      ).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
      const manager = hqCaller(t.db, await addHqUser(t.db, 'store_manager'));
      await expect(manager.hq.identity.search({ query: 'petrov' })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });

      if (engine === 'sqlite') {
        // Each page is one range of the (name_key, id) index from the cursor, never a scan and skip.
        const plan = await sql<{ detail: string }>`explain query plan
          select id from customers where name_key >= 'petrov' and name_key < 'petrov\u{10FFFF}'
          and merged_into is null and erased_at is null and (name_key, id) > ('petrov 050', 'cust-079')
          order by name_key, id limit 51`.execute(k);
        expect(plan.rows.map((r) => r.detail).join(' ')).toMatch(/USING INDEX customers_name_key/);
        expect(plan.rows.map((r) => r.detail).join(' ')).not.toMatch(/TEMP B-TREE/);
      }
    });
  });
});
