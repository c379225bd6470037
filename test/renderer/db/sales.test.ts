import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saleSchema } from '../../../shared/domain/sale';
import { payloadHash } from '../../../shared/sync/protocol';
import type { TillDb } from '../../../renderer/db/database';
import { getMeta } from '../../../renderer/db/meta';
import { recordSale } from '../../../renderer/db/sales';
import { draft, enrolledTillDb } from './support';

describe('recording a sale at the till', () => {
  let db: TillDb;
  beforeEach(async () => {
    db = await enrolledTillDb();
  });
  afterEach(() => db.delete());

  it('writes the sale and its outbox operation with gap-free seq and receipt numbers', async () => {
    const first = await recordSale(db, draft());
    const second = await recordSale(db, draft(23_470));
    expect([first.seq, second.seq]).toEqual([1, 2]);
    expect(first.sale.totalMinor).toBe(2 * 8990 + 5490);
    expect(first.sale.payments[0]).toMatchObject({ tenderedMinor: 50_000, changeMinor: 50_000 - 23_470 });
    expect(first.sale.receiptNo).not.toBe(second.sale.receiptNo);
    expect(first.sale.receiptNo).toMatch(/^MSK-01-[0-9A-F]{4}-000001$/);

    const outbox = await db.outbox.orderBy('seq').toArray();
    expect(outbox.map((o) => o.opId)).toEqual([first.opId, second.opId]);
    expect(outbox[0]!.payloadHash).toBe(payloadHash(first.sale));
    // What is queued is exactly what the server will validate.
    expect(saleSchema.safeParse(outbox[0]!.payload).success).toBe(true);
    expect(await db.sales.count()).toBe(2);
    expect(await getMeta(db, 'counters')).toEqual({ nextSeq: 3, nextReceipt: 3 });
  });

  it.each([
    ['the outbox write', 'outbox'],
    ['the sale write', 'sales'],
  ] as const)(
    'leaves neither sale nor outbox row when %s fails inside the transaction',
    async (_label, table) => {
      await recordSale(db, draft());
      db[table].hook('creating', () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      });
      await expect(recordSale(db, draft())).rejects.toThrow(/quota/i);
      expect(await db.sales.count()).toBe(1);
      expect(await db.outbox.count()).toBe(1);
      expect(await getMeta(db, 'counters')).toEqual({ nextSeq: 2, nextReceipt: 2 });
    },
  );

  it('refuses a sale paid short, writing nothing', async () => {
    await expect(recordSale(db, draft(100))).rejects.toThrow(/^sale not recorded:\npayments: cashShort/);
    expect(await db.sales.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('keeps every queued operation across a reopen of the database', async () => {
    await recordSale(db, draft());
    await recordSale(db, draft());
    db.close();
    await db.open();
    expect((await db.outbox.toArray()).map((o) => o.seq)).toEqual([1, 2]);
  });
});

describe('a sale with a marked unit', () => {
  it('queues the marking code byte-exact and refuses the same unit twice', async () => {
    const db = await enrolledTillDb();
    const code = '0104601234567893215abcDEF\u001d93xYz1';
    const line = {
      productId: 'p1',
      gtin: '4601234567893',
      name: 'Milk 1 l',
      quantityMilli: 1000,
      unitPriceMinor: 8990,
    };
    const recorded = await recordSale(db, {
      cardNumber: null,
      lines: [{ ...line, markingCode: code }],
      cashTenderedMinor: 8990,
    });
    const queued = await db.outbox.get(recorded.seq);
    expect((queued?.payload as { lines: { markingCode?: string }[] }).lines[0]?.markingCode).toBe(code);
    await expect(
      recordSale(db, {
        cardNumber: null,
        lines: [
          { ...line, markingCode: code },
          { ...line, markingCode: code },
        ],
        cashTenderedMinor: 17980,
      }),
    ).rejects.toThrow(/marking code appears twice/);
    expect(await db.outbox.count()).toBe(1);
    await db.delete();
  });
});
