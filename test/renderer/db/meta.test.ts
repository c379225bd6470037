import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TillDb } from '../../../renderer/db/database';
import { getMeta, requireMeta } from '../../../renderer/db/meta';
import { enrolledTillDb } from './support';

describe('meta rows', () => {
  let db: TillDb;
  beforeEach(async () => {
    db = await enrolledTillDb();
  });
  afterEach(() => db.delete());

  it('reads back what was written, and undefined for what never was', async () => {
    expect(await getMeta(db, 'device')).toMatchObject({ name: 'Till 1', store: { code: 'MSK-01' } });
    expect(await requireMeta(db, 'counters')).toEqual({ nextSeq: 1, nextReceipt: 1 });
    await db.meta.delete('lastSync');
    expect(await getMeta(db, 'lastSync')).toBeUndefined();
  });

  it('refuses a damaged row instead of handing it on as if it were typed', async () => {
    // What an older build or a hand edit in the developer tools can leave behind.
    await db.meta.put({ key: 'counters', value: { nextSeq: '7', nextReceipt: 3 } } as never);
    await expect(getMeta(db, 'counters')).rejects.toThrow(/meta counters is damaged:\nnextSeq: /);
  });
});
