import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saleSchema } from '../../../shared/domain/sale';
import { payloadHash } from '../../../shared/sync/protocol';
import { openTillDb, type TillDb } from '../../../renderer/db/database';
import { getMeta } from '../../../renderer/db/meta';
import { prepareSale, recordSale } from '../../../renderer/db/sales';
import { pendingBatch } from '../../../renderer/db/outbox';
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

    const outbox = await pendingBatch(db, 10);
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

  it('stores the sale once: its queued operation is sent with the sale row as payload, checked against its hash', async () => {
    const sold = await recordSale(db, draft());
    const record = (await db.outbox.get(sold.seq))!;
    expect('payload' in record).toBe(false);
    expect(record.payloadHash).toBe(payloadHash(sold.sale));
    const [op] = await pendingBatch(db, 1);
    expect(op).toEqual({
      seq: sold.seq,
      opId: sold.opId,
      kind: 'sale.record',
      schemaVersion: record.schemaVersion,
      payload: sold.sale,
      payloadHash: payloadHash(sold.sale),
      wallTime: sold.sale.wallTime,
    });

    // A row changed behind the till's back still goes with the hash of the sale confirmed, so the
    // server refuses it (`hash_mismatch`) instead of recording it as that sale.
    await db.sales.update(sold.sale.saleId, { totalMinor: sold.sale.totalMinor + 1 });
    const [damaged] = await pendingBatch(db, 1);
    expect(damaged!.payloadHash).toBe(payloadHash(sold.sale));
    expect(payloadHash(damaged!.payload)).not.toBe(damaged!.payloadHash);
  });

  it('sends an operation queued with its payload whole, as earlier versions queued sales, as it is', async () => {
    const sold = await recordSale(db, draft());
    const whole = { ...(await db.outbox.get(sold.seq))!, payload: sold.sale };
    await db.outbox.put(whole);
    const after = await recordSale(db, draft());
    expect((await pendingBatch(db, 10)).map((op) => op.payload)).toEqual([sold.sale, after.sale]);
  });

  it('refuses a sale paid short, writing nothing', async () => {
    await expect(recordSale(db, draft(100))).rejects.toThrow(/^sale not recorded:\npayments: cashShort/);
    expect(await db.sales.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('gives a sale prepared before another one was confirmed the next seq and receipt number', async () => {
    const prepared = await prepareSale(db, draft().cardNumber);
    const meanwhile = await recordSale(db, draft());
    const late = await recordSale(db, draft(), undefined, prepared);
    const next = await recordSale(db, draft(), undefined, await prepareSale(db, draft().cardNumber));
    expect([meanwhile.seq, late.seq, next.seq]).toEqual([1, 2, 3]);
    expect(new Set([meanwhile, late, next].map((r) => r.sale.receiptNo)).size).toBe(3);
    expect((await db.outbox.orderBy('seq').toArray()).map((o) => o.opId)).toEqual(
      [meanwhile, late, next].map((r) => r.opId),
    );
    expect(await getMeta(db, 'counters')).toEqual({ nextSeq: 4, nextReceipt: 4 });
  });

  it('commits two prepared sales confirmed at once in two windows with distinct numbers', async () => {
    const other = openTillDb(db.name);
    const [a, b] = await Promise.all([
      prepareSale(db, draft().cardNumber),
      prepareSale(other, draft().cardNumber),
    ]);
    const sold = await Promise.all([
      recordSale(db, draft(), undefined, a),
      recordSale(other, draft(), undefined, b),
    ]);
    expect(sold.map((s) => s.seq).sort()).toEqual([1, 2]);
    expect(new Set(sold.map((s) => s.sale.receiptNo)).size).toBe(2);
    expect(await db.sales.count()).toBe(2);
    expect(await getMeta(db, 'counters')).toEqual({ nextSeq: 3, nextReceipt: 3 });
    other.close();
  });

  it('reports a prepared sale paid short as without preparing, writing nothing', async () => {
    const prepared = await prepareSale(db, draft().cardNumber);
    await expect(recordSale(db, draft(100), undefined, prepared)).rejects.toThrow(
      /^sale not recorded:\npayments: cashShort/,
    );
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
    await recordSale(db, {
      cardNumber: null,
      lines: [{ ...line, markingCode: code }],
      cashTenderedMinor: 8990,
    });
    const [queued] = await pendingBatch(db, 1);
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
