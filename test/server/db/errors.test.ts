import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { isDataException, isTransient } from '../../../server/db/errors';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';

/** The classification is checked against errors the real drivers raise, not made-up codes. */
describe.each(engines)('database errors caused by a value, on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    afterEach(() => t.dispose());

    const failure = async (query: ReturnType<typeof sql>) => {
      try {
        await query.execute(t.db.kysely);
      } catch (error) {
        return error;
      }
      throw new Error('the query did not fail');
    };

    it('are data exceptions, never transient', async () => {
      t = await openTestDb(engine);
      const errors =
        engine === 'postgres'
          ? [
              await failure(sql`select ${'a\u0000b'}::text`),
              await failure(sql`select '99999999999999999999'::bigint`),
              await failure(sql`select 'x'::integer`),
            ]
          : [await failure(sql`select zeroblob(2000000000)`)];
      for (const error of errors) {
        expect(isDataException(error), String(error)).toBe(true);
        expect(isTransient(error)).toBe(false);
      }
      // A mistake in our own query is not the value's fault: it stays a server error.
      const other = await failure(sql`select * from no_such_table`);
      expect(isDataException(other)).toBe(false);
    });
  });
});
