import { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { setUpChain } from '../support/chain';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { addHqUser, hqCaller } from '../support/hqUsers';
import { drainInbox, pullTopic, sendGeneric, setUpShops, startIngestServer } from '../support/webshop';
import { genericBody } from '../support/webshopPayloads';

const DAY = 24 * 60 * 60 * 1000;

describe.each(engines)('HQ extends a pickup hold on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    let chain: Awaited<ReturnType<typeof setUpChain>>;
    let http: Awaited<ReturnType<typeof startIngestServer>>;
    let orderId: string;
    beforeEach(async () => {
      t = await openTestDb(engine);
      chain = await setUpChain(t.db);
      await setUpShops(t.db, chain);
      http = await startIngestServer(t.db);
      const sent = await sendGeneric(
        http.base,
        genericBody({ externalId: 'WEB-H1', updatedAt: '2026-11-30T09:00:00Z' }),
        { eventId: uuidv7() },
      );
      expect(sent.status).toBe(200);
      await drainInbox(t.db);
      orderId = (
        await t.db.kysely
          .selectFrom('web_orders')
          .select('id')
          .where('external_id', '=', 'WEB-H1')
          .executeTakeFirstOrThrow()
      ).id;
    });
    afterEach(async () => {
      await http.close();
      await t.dispose();
    });

    const code = async (call: Promise<unknown>) => {
      const error = await call.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TRPCError);
      return (error as TRPCError).code;
    };
    /** The part as store A's desks last pulled it. */
    const atDesk = async () => {
      const rows = await pullTopic(chain.tillA.caller, 'pickup_order', 1);
      return rows.filter((r) => r.id === orderId).at(-1)?.data as { holdUntil: string | null; note?: string };
    };

    it('moves a ready part’s hold on, tells the desks, and notes who and why', async () => {
      const manager = hqCaller(t.db, await addHqUser(t.db, 'store_manager', { storeIds: [chain.storeA] }));
      // Not picked yet: there is no hold to extend.
      expect(
        await code(
          manager.hq.webshop.extendHold({ orderId, storeId: chain.storeA, days: 3, reason: 'holiday' }),
        ),
      ).toBe('CONFLICT');
      const { holdUntil } = await manager.hq.webshop.markReady({ orderId, storeId: chain.storeA });

      const extended = await manager.hq.webshop.extendHold({
        orderId,
        storeId: chain.storeA,
        days: 3,
        reason: 'customer on holiday',
      });
      expect(Date.parse(extended.holdUntil) - Date.parse(holdUntil)).toBe(3 * DAY);
      await expect
        .poll(async () => (await atDesk())?.holdUntil, { timeout: 15_000, interval: 200 })
        .toBe(extended.holdUntil);
      expect((await atDesk()).note).toMatch(
        /^Hold extended by 3 d to \d{4}-\d{2}-\d{2} by Test store_manager: customer on holiday$/,
      );
      const stored = await t.db.kysely
        .selectFrom('pickup_parts')
        .select(['status', 'hold_until'])
        .where('order_id', '=', orderId)
        .executeTakeFirstOrThrow();
      expect(stored).toEqual({ status: 'ready', hold_until: extended.holdUntil });
    });

    it('refuses another store’s manager, too many days and a hold beyond 30 days, changing nothing', async () => {
      const admin = hqCaller(t.db, await addHqUser(t.db, 'admin'));
      await admin.hq.webshop.markReady({ orderId, storeId: chain.storeA });
      const otherManager = hqCaller(
        t.db,
        await addHqUser(t.db, 'store_manager', { storeIds: [chain.storeB] }),
      );
      const ask = (caller: typeof admin, days: number) =>
        caller.hq.webshop.extendHold({ orderId, storeId: chain.storeA, days, reason: 'asked by phone' });
      expect(await code(ask(otherManager, 3))).toBe('NOT_FOUND');
      expect(await code(ask(admin, 15))).toBe('BAD_REQUEST');
      expect(await code(ask(admin, 0))).toBe('BAD_REQUEST');
      const before = await t.db.kysely
        .selectFrom('pickup_parts')
        .select('hold_until')
        .executeTakeFirstOrThrow();
      // Three days' hold, then 14 more reaches 17 days; 14 again would pass 30.
      await ask(admin, 14);
      const after14 = await t.db.kysely
        .selectFrom('pickup_parts')
        .select('hold_until')
        .executeTakeFirstOrThrow();
      expect(Date.parse(after14.hold_until!) - Date.parse(before.hold_until!)).toBe(14 * DAY);
      expect(await code(ask(admin, 14))).toBe('CONFLICT');
      expect(
        await t.db.kysely.selectFrom('pickup_parts').select('hold_until').executeTakeFirstOrThrow(),
      ).toEqual(after14);
    });
  });
});
