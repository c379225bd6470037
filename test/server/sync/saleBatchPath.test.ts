import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeLinkCode } from '../../../shared/barcode/serverCodes';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { applySalesAtOnce } from '../../../server/sync/batch/saleBatch';
import { inBatchTransaction } from '../../../server/sync/batch/transaction';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { count, makeSale, saleOp, setUpChain } from '../support/chain';

/**
 * A batch of new card sales is recorded by the batch statements themselves, not by the
 * one-at-a-time fallback that would give the same answers more slowly (docs/sync-protocol.md
 * §14.2): a statement the engine refused would otherwise go unnoticed.
 */
describe.each(engines)('a batch of new sales on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    beforeEach(async () => {
      t = await openTestDb(engine);
    });
    afterEach(() => t.dispose());

    it('is written at once, sales, lines, links, ledger and summaries included', async () => {
      const chain = await setUpChain(t.db);
      const installId = uuidv7();
      // The first sale opens the stream and puts the card in the identity graph.
      await chain.tillA.caller.sync.push({ deviceId: chain.tillA.deviceId, installId, ops: [saleOp(1)] });
      const ops = Array.from({ length: 60 }, (_, i) =>
        saleOp(
          i + 2,
          makeSale(
            { receiptNo: `W-${i}`, ...(i % 3 === 0 ? { linkCode: makeLinkCode(randomBytes(9)) } : {}) },
            [
              [8990, 2000],
              [5490, 1000],
            ],
          ),
        ),
      );
      const ctx = {
        scope: { deviceId: chain.tillA.deviceId, storeId: chain.storeA },
        installId,
        clockSuspect: false,
      };
      const results = await inBatchTransaction(t.db, (trx) => applySalesAtOnce(trx, t.db.dialect, ctx, ops));
      expect(results?.map((r) => r.status)).toEqual(ops.map(() => 'applied'));
      expect(await count(t.db, 'sales')).toBe(61);
      expect(await count(t.db, 'sale_lines')).toBe(1 + 60 * 2);
      expect(await count(t.db, 'applied_ops')).toBe(61);
      const rows = async (table: string) =>
        Number(
          (await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(t.db.kysely))
            .rows[0]!.n,
        );
      expect(await rows('identity_links')).toBe(61);
      expect(await rows('link_codes')).toBe(20);
      const summaries = await t.db.kysely
        .selectFrom('change_log')
        .select('id')
        .where('topic', '=', 'customer_summary')
        .execute();
      expect(summaries).toHaveLength(61);
    });
  });
});
