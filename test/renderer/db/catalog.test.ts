import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPullPage, findCard, findProductByGtin } from '../../../renderer/db/catalog';
import type { TillDb } from '../../../renderer/db/database';
import { getMeta } from '../../../renderer/db/meta';
import { enrolledTillDb } from './support';

const page = (cursor: string, changes: { topic: string; id: string; data: unknown }[]) => ({
  changes,
  cursor,
  hasMore: false,
});

describe('storing pulled pages', () => {
  let db: TillDb;
  beforeEach(async () => {
    db = await enrolledTillDb();
  });
  afterEach(() => db.delete());

  it('stores the rows and moves the cursor', async () => {
    await applyPullPage(
      db,
      page('0.5', [
        {
          topic: 'product',
          id: 'p9',
          data: { id: 'p9', gtin: '4006381333931', name: 'Pen', priceMinor: 1990 },
        },
        {
          topic: 'card',
          id: '2990000000012',
          data: { number: '2990000000012', customerId: 'c1', maskedName: 'Anna P.', status: 'active' },
        },
      ]),
    );
    expect(await findProductByGtin(db, '4006381333931')).toMatchObject({ name: 'Pen' });
    expect(await findCard(db, '2990000000012')).toMatchObject({ maskedName: 'Anna P.' });
    expect(await getMeta(db, 'pullCursor')).toBe('0.5');
  });

  it('never moves the cursor past rows that were not stored', async () => {
    await applyPullPage(db, page('0.1', []));
    db.cards.hook('creating', () => {
      throw new DOMException('disk full', 'QuotaExceededError');
    });
    await expect(
      applyPullPage(
        db,
        page('0.9', [
          {
            topic: 'product',
            id: 'p9',
            data: { id: 'p9', gtin: '4006381333931', name: 'Pen', priceMinor: 1990 },
          },
          {
            topic: 'card',
            id: '2990000000012',
            data: { number: '2990000000012', customerId: 'c1', maskedName: 'Anna P.', status: 'active' },
          },
        ]),
      ),
    ).rejects.toThrow();
    expect(await getMeta(db, 'pullCursor')).toBe('0.1');
    // The product from the same page is rolled back too: the page comes again as a whole.
    expect(await findProductByGtin(db, '4006381333931')).toBeUndefined();
  });

  it('parks rows it cannot store instead of skipping them', async () => {
    const result = await applyPullPage(
      db,
      page('0.3', [
        { topic: 'offer', id: 'o1', data: { percent: 10 } },
        { topic: 'product', id: 'bad', data: { id: 'bad', name: 'No GTIN' } },
      ]),
    );
    expect(result).toEqual({ stored: 0, parked: 2 });
    const parked = await db.parked.toArray();
    expect(parked.map((p) => [p.topic, p.entityId])).toEqual([
      ['offer', 'o1'],
      ['product', 'bad'],
    ]);
    // The reason names each wrong field, so support can tell what the newer server sent.
    expect(parked[0]?.reason).toBe('unknown_topic');
    expect(parked[1]?.reason.split('\n')).toEqual([
      expect.stringMatching(/^gtin: /),
      expect.stringMatching(/^priceMinor: /),
    ]);
    expect(await getMeta(db, 'pullCursor')).toBe('0.3');
  });

  it('takes a renamed store into the enrolment, and parks a store row it cannot read', async () => {
    const device = await getMeta(db, 'device');
    const store = { ...device!.store, name: 'Moscow, Tverskaya' };
    expect(await applyPullPage(db, page('0.4', [{ topic: 'store', id: store.id, data: store }]))).toEqual({
      stored: 1,
      parked: 0,
    });
    expect((await getMeta(db, 'device'))?.store.name).toBe('Moscow, Tverskaya');
    const bad = { topic: 'store', id: store.id, data: { ...store, currency: 643 } };
    expect(await applyPullPage(db, page('0.5', [bad]))).toEqual({ stored: 0, parked: 1 });
    expect((await db.parked.toArray())[0]?.reason).toMatch(/^currency: /);
    expect((await getMeta(db, 'device'))?.store.name).toBe('Moscow, Tverskaya');
  });
});
