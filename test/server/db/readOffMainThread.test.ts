import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { LONG_READS_MAX, LongReadsBusy, readOffMainThread } from '../../../server/db/readOffMainThread';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';

describe.each(engines)('long reads off the server’s thread on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    afterEach(() => t.dispose());

    const storeRow = (code: string) => ({
      id: `store-${code}`,
      code,
      name: `Store ${code}`,
      currency: 'RUB',
      created_at: new Date().toISOString(),
    });
    const codes = () => sql<{ code: string }>`SELECT code FROM stores ORDER BY code`.compile(t.db.kysely);

    it('reads the last commit while the server’s own connection is inside a transaction', async () => {
      t = await openTestDb(engine);
      await t.db.kysely.insertInto('stores').values(storeRow('A')).execute();
      // On SQLite the server has one connection; a read on it would wait for this transaction,
      // which waits for the read: only a connection of its own can answer here.
      const seen = await t.db.kysely.transaction().execute(async (trx) => {
        await trx.insertInto('stores').values(storeRow('B')).execute();
        return readOffMainThread(t.db, codes());
      });
      expect(seen.map((r) => r.code)).toEqual(['A']);
      expect((await readOffMainThread(t.db, codes())).map((r) => r.code)).toEqual(['A', 'B']);
    });

    it('refuses a read past the most that may run or wait, and takes reads again once they end', async () => {
      t = await openTestDb(engine);
      const reads = Array.from({ length: LONG_READS_MAX }, () => readOffMainThread(t.db, codes()));
      await expect(readOffMainThread(t.db, codes())).rejects.toBeInstanceOf(LongReadsBusy);
      expect(await Promise.all(reads)).toEqual(reads.map(() => []));
      expect(await readOffMainThread(t.db, codes())).toEqual([]);
    });

    it('answers a statement the database refuses with its error, and the next read still runs', async () => {
      t = await openTestDb(engine);
      await expect(
        readOffMainThread(t.db, sql`SELECT * FROM no_such_table`.compile(t.db.kysely)),
      ).rejects.toThrow(/no_such_table/);
      expect(await readOffMainThread(t.db, codes())).toEqual([]);
    });
  });
});
