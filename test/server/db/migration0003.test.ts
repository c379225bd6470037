import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../server/db/migrate';
import { migrationModules } from '../../../server/db/migrations/index';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { makeSale, saleOp, setUpChain } from '../support/chain';
import { seedAt0001 } from '../support/dataAt0001';

const marking = '0104601234567893215abcDEF\u001d93xYz1';
const marked = (receiptNo: string, codes: string[]) => {
  const sale = makeSale(
    { receiptNo },
    codes.map(() => [8990, 1000]),
  );
  sale.lines = sale.lines.map((l, i) => ({ ...l, markingCode: codes[i]! }));
  return sale;
};

describe.each(engines)('marking codes on sale lines (migration 0003) on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    afterEach(() => t.dispose());

    it('upgrades a database with sales in it, and old lines read as unmarked', async () => {
      t = await openTestDb(engine, { migrate: false });
      await migrateToLatest(t.db, migrationModules.slice(0, 1));
      const old = await seedAt0001(t.db);
      await migrateToLatest(t.db, migrationModules.slice(0, 2));
      expect((await migrateToLatest(t.db, migrationModules.slice(0, 3))).applied).toEqual([
        '0003_sale_line_marking',
      ]);
      const lines = await t.db.kysely
        .selectFrom('sale_lines')
        .select(['sale_id', 'line_no', 'name', 'marking_code'])
        .execute();
      expect(lines).toEqual([{ sale_id: old.saleId, line_no: 1, name: 'Milk 3.2% 1 l', marking_code: null }]);
    });

    it('keeps a marking code byte-exact, and refuses one sold twice in a sale', async () => {
      t = await openTestDb(engine);
      const chain = await setUpChain(t.db);
      const installId = uuidv7();
      const result = await chain.tillA.caller.sync.push({
        deviceId: chain.tillA.deviceId,
        installId,
        ops: [saleOp(1, marked('M-1', [marking])), saleOp(2, marked('M-2', [marking, marking]))],
      });
      expect(result.results.map((r) => r.status)).toEqual(['applied', 'rejected']);
      expect(result.results[1]).toMatchObject({
        detail: expect.stringContaining('marking code appears twice') as unknown,
      });
      const stored = await t.db.kysely.selectFrom('sale_lines').select('marking_code').execute();
      expect(stored).toEqual([{ marking_code: marking }]);
    });
  });
});
