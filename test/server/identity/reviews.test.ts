import { afterEach, describe, expect, it } from 'vitest';
import { observe, resolveCustomer, type Observation } from '../../../server/identity';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { addHqUser, hqCaller } from '../support/hqUsers';

const account = (card: string, id: string): Observation => ({
  identifiers: [
    { type: 'card', value: card, verified: true },
    { type: 'shop_account', value: id, verified: true },
  ],
  evidence: 'verified_link_code',
  sourceRef: `link:${card}`,
  connectionId: 'woo',
});

describe.each(engines)('identity review queue on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    afterEach(() => t.dispose());

    it('queues a merge two shop accounts refuse, and HQ keeps them apart or merges them', async () => {
      t = await openTestDb(engine);
      const k = t.db.kysely;
      const a = await observe(k, account('4600000000101', '1'));
      const b = await observe(k, account('4600000000202', '2'));
      const c = await observe(k, account('4600000000303', '3'));
      // One receipt's card and another's in one redemption: two accounts of one shop, two people.
      const clash = (x: string, y: string, ref: string) =>
        observe(k, {
          identifiers: [
            { type: 'card', value: x, verified: true },
            { type: 'card', value: y, verified: true },
          ],
          evidence: 'verified_link_code',
          sourceRef: ref,
        });
      const refused = await clash('4600000000101', '4600000000202', 'link:ab');
      expect(refused).toMatchObject({
        customerId: null,
        outcome: 'refused',
        reviewId: expect.any(String) as unknown,
      });
      expect((await clash('4600000000101', '4600000000202', 'link:ab-again')).reviewId).toBe(
        refused.reviewId,
      );
      const second = await clash('4600000000101', '4600000000303', 'link:ac');

      const analyst = hqCaller(t.db, await addHqUser(t.db, 'analyst'));
      const queue = await analyst.hq.identity.reviews({});
      expect(queue.reviews.map((r) => [r.reviewId, r.reason])).toEqual([
        [refused.reviewId, 'unique_conflict'],
        [second.reviewId, 'unique_conflict'],
      ]);
      await expect(
        analyst.hq.identity.resolveReview({ reviewId: refused.reviewId ?? '', decision: 'merge' }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });

      const admin = hqCaller(t.db, await addHqUser(t.db, 'admin'));
      expect(
        await admin.hq.identity.resolveReview({ reviewId: refused.reviewId ?? '', decision: 'keep_apart' }),
      ).toEqual({
        ok: true,
        status: 'kept_apart',
        customerId: null,
      });
      expect(await clash('4600000000101', '4600000000202', 'link:ab-third')).toEqual({
        customerId: null,
        outcome: 'refused',
      });
      expect(
        await admin.hq.identity.resolveReview({ reviewId: second.reviewId ?? '', decision: 'merge' }),
      ).toEqual({
        ok: true,
        status: 'merged',
        customerId: a.customerId,
      });
      expect(await resolveCustomer(k, { type: 'shop_account', value: 'woo:3' })).toBe(a.customerId);
      expect(await resolveCustomer(k, { type: 'shop_account', value: 'woo:2' })).toBe(b.customerId);
      expect(c.customerId).not.toBe(a.customerId);
      await expect(
        admin.hq.identity.resolveReview({ reviewId: second.reviewId ?? '', decision: 'merge' }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      expect((await analyst.hq.identity.reviews({})).reviews).toEqual([]);
      const decided = await admin.hq.identity.customer({ customerId: a.customerId ?? '' });
      expect(decided.merges).toEqual([
        expect.objectContaining({ mergedId: c.customerId, evidence: 'hq_manual', undoneAt: null }),
      ]);
    });
  });
});
