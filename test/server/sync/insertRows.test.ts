import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertRows } from '../../../server/sync/batch/insertRows';
import { writeInOneStatement } from '../../../server/sync/batch/oneStatement';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';

type Row = {
  topic: string;
  entity_id: string;
  store_id: string | null;
  data: string | null;
  created_at: string;
};

const at = '2026-12-01T10:00:00.000Z';

/**
 * A batch's rows land as given whichever way they travel: on PostgreSQL a column with one value in
 * every row is sent once, beside the rows' other columns (docs/sync-protocol.md §14.2).
 */
describe.each(engines)('rows written at once on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    beforeEach(async () => {
      t = await openTestDb(engine);
    });
    afterEach(() => t.dispose());

    const stored = () =>
      t.db.kysely
        .selectFrom('change_log')
        .select(['topic', 'entity_id', 'store_id', 'data', 'created_at'])
        .orderBy('id')
        .execute();

    it('keeps each row whole when some columns are the same in every row and some are not', async () => {
      const rows: Row[] = Array.from({ length: 7 }, (_, i) => ({
        topic: 'customer_summary',
        entity_id: `c-${i}`,
        store_id: null,
        data: i === 3 ? null : `{"n":${i},"note":"it's \\"quoted\\", ü"}`,
        created_at: at,
      }));
      await insertRows(t.db.kysely, t.db.dialect, 'change_log', rows);
      expect(await stored()).toEqual(rows);
    });

    it('writes identical rows, and a single row, as given', async () => {
      const same: Row = { topic: 'product', entity_id: 'p-1', store_id: 's-1', data: '{}', created_at: at };
      await insertRows(t.db.kysely, t.db.dialect, 'change_log', [same, same, same]);
      const one: Row = { ...same, entity_id: 'p-2', data: null };
      await insertRows(t.db.kysely, t.db.dialect, 'change_log', [one]);
      expect(await stored()).toEqual([same, same, same, one]);
    });
  });
});

describe.skipIf(skipEngine('postgres'))('rows written in one statement on postgres', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await openTestDb('postgres');
  });
  afterEach(() => t.dispose());

  it('keeps a value that is an object whole instead of cutting its keys', async () => {
    const rows = [0, 1].map((i) => ({
      topic: 'note',
      entity_id: `e-${i}`,
      store_id: null,
      // Not a shape the product writes (its rows hold plain values), but one a caller could.
      data: { kept: i, also: 'this' } as unknown as string,
      created_at: at,
    }));
    await writeInOneStatement(t.db.kysely, [{ table: 'change_log', rows }]);
    const back = await t.db.kysely
      .selectFrom('change_log')
      .select(['entity_id', 'data'])
      .orderBy('id')
      .execute();
    expect(back.map((r) => r.entity_id)).toEqual(['e-0', 'e-1']);
    expect(back.map((r) => JSON.parse(r.data!) as unknown)).toEqual([
      { kept: 0, also: 'this' },
      { kept: 1, also: 'this' },
    ]);
  });
});
