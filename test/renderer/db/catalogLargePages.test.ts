import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPullPage, findCard } from '../../../renderer/db/catalog';
import type { TillDb } from '../../../renderer/db/database';
import { getMeta } from '../../../renderer/db/meta';
import { enrolledTillDb } from './support';

// A newer server sends topics this till cannot store yet (a page of a thousand rows is usual):
// they are parked, and the page is stored with its cursor in one transaction whatever the mix.
describe('a pulled page with many rows this version parks', () => {
  let db: TillDb;
  beforeEach(async () => {
    db = await enrolledTillDb();
  });
  afterEach(() => db.delete());

  it('parks 1,000 rows of an unknown topic and moves the cursor', async () => {
    const changes = Array.from({ length: 1000 }, (_, i) => ({
      topic: 'customer_summary',
      id: `u${i}`,
      data: { tier: 'base' },
    }));
    expect(await applyPullPage(db, { changes, cursor: '7', hasMore: false })).toEqual({
      stored: 0,
      parked: 1000,
    });
    expect(await db.parked.count()).toBe(1000);
    expect(await getMeta(db, 'pullCursor')).toBe('7');
  });

  it('stores the rows it knows between hundreds it must park or refuse', async () => {
    const unknown = (i: number) => ({ topic: 'loyalty_thing', id: `x${i}`, data: {} });
    const invalidCard = (i: number) => ({ topic: 'card', id: `bad${i}`, data: { number: `bad${i}` } });
    const changes = [
      ...Array.from({ length: 300 }, (_, i) => unknown(i)),
      {
        topic: 'card',
        id: '2990000000019',
        data: { number: '2990000000019', customerId: 'c1', maskedName: 'A. B.', status: 'active' },
      },
      ...Array.from({ length: 300 }, (_, i) => invalidCard(i)),
    ];
    expect(await applyPullPage(db, { changes, cursor: '8', hasMore: false })).toEqual({
      stored: 1,
      parked: 600,
    });
    expect((await findCard(db, '2990000000019'))?.customerId).toBe('c1');
    expect(await getMeta(db, 'pullCursor')).toBe('8');
  });
});
