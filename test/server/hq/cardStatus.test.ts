import { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { observe, resolveCustomer } from '../../../server/identity';
import { demoCardNumber } from '../../../server/seed/demoData';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { makeSale, saleOp, setUpChain } from '../support/chain';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { addHqUser, hqCaller } from '../support/hqUsers';
import { pullTopic } from '../support/webshop';

const LOST = '9900000000017';
/** A number of the chain's default card scheme (`299…`, 13 digits, EAN-13 check). */
const NEW = demoCardNumber(501);

describe.each(engines)('HQ blocks and replaces a lost card on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    let chain: Awaited<ReturnType<typeof setUpChain>>;
    let admin: ReturnType<typeof hqCaller>;
    beforeEach(async () => {
      t = await openTestDb(engine);
      chain = await setUpChain(t.db);
      admin = hqCaller(t.db, await addHqUser(t.db, 'admin'));
      // The card was issued at a till: the graph knows it as cust-1's.
      await observe(
        t.db.kysely,
        {
          identifiers: [{ type: 'card', value: LOST, verified: true }],
          evidence: 'card_issue',
          sourceRef: 'test:card-issue',
        },
        { newCustomerId: 'cust-1' },
      );
    });
    afterEach(() => t.dispose());

    const cards = () =>
      t.db.kysely.selectFrom('cards').select(['number', 'customer_id', 'status']).orderBy('number').execute();
    const refusal = async (call: Promise<unknown>) => {
      const error = await call.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TRPCError);
      return (error as TRPCError).code;
    };
    /** The latest `card` row of each number a till has pulled. */
    const tillCards = async () => {
      const changes = await pullTopic(chain.tillA.caller, 'card', 1);
      return new Map(changes.map((c) => [c.id, c.data as { status: string; customerId: string } | null]));
    };

    it('blocks a lost card and gives its customer the new one, with the same points', async () => {
      await admin.hq.adjustPoints({ customerId: 'cust-1', points: 150, reason: 'welcome points' });
      await admin.hq.cards.block({ cardNumber: LOST, reason: 'lost on the bus', replacement: ` ${NEW} ` });

      expect(await cards()).toEqual(
        [
          { number: NEW, customer_id: 'cust-1', status: 'active' },
          { number: LOST, customer_id: 'cust-1', status: 'blocked' },
        ].sort((a, b) => (a.number < b.number ? -1 : 1)),
      );
      const holder = await resolveCustomer(t.db.kysely, { type: 'card', value: LOST });
      expect(holder).not.toBeNull();
      expect(await resolveCustomer(t.db.kysely, { type: 'card', value: NEW })).toBe(holder);

      // Tills learn both: the old one to refuse, the new one to find the customer by.
      await expect
        .poll(async () => Object.fromEntries(await tillCards()), { timeout: 15_000, interval: 200 })
        .toMatchObject({
          [LOST]: { status: 'blocked', customerId: 'cust-1' },
          [NEW]: { status: 'active', customerId: 'cust-1' },
        });

      const listed = await admin.hq.cards.ofCustomer({ customerId: 'cust-1' });
      expect(listed.map((c) => [c.number, c.status])).toEqual([
        [NEW, 'active'],
        [LOST, 'blocked'],
      ]);
      expect(listed[1]!.lastChange).toMatchObject({
        status: 'blocked',
        reason: 'lost on the bus',
        replacedBy: NEW,
        byName: 'Test admin',
      });
      expect((await admin.hq.customerLedger({ customerId: 'cust-1' })).balance).toBe(150);

      // The new card sells as the customer's at once.
      const sale = makeSale({ cardNumber: NEW });
      const pushed = await chain.tillA.caller.sync.push({
        deviceId: chain.tillA.deviceId,
        installId: uuidv7(),
        ops: [saleOp(1, sale)],
      });
      expect(pushed.results[0]?.status).toBe('applied');
      const stored = await t.db.kysely
        .selectFrom('sales')
        .select('customer_id')
        .where('id', '=', sale.saleId)
        .executeTakeFirstOrThrow();
      expect(stored.customer_id).toBe('cust-1');
    });

    it('refuses what it cannot do, and changes nothing', async () => {
      const before = await cards();
      expect(await refusal(admin.hq.cards.block({ cardNumber: '2990000009999', reason: 'lost' }))).toBe(
        'NOT_FOUND',
      );
      // A bad check digit is not a card of the chain.
      const badCheck = NEW.slice(0, 12) + String((Number(NEW[12]) + 1) % 10);
      expect(
        await refusal(admin.hq.cards.block({ cardNumber: LOST, reason: 'lost', replacement: badCheck })),
      ).toBe('BAD_REQUEST');
      expect(
        await refusal(admin.hq.cards.block({ cardNumber: LOST, reason: 'lost', replacement: LOST })),
      ).toBe('BAD_REQUEST');
      expect(await refusal(admin.hq.cards.block({ cardNumber: LOST, reason: 'x' }))).toBe('BAD_REQUEST');
      expect(await refusal(admin.hq.cards.unblock({ cardNumber: LOST, reason: 'found' }))).toBe('CONFLICT');
      expect(await cards()).toEqual(before);
      expect(await t.db.kysely.selectFrom('card_status_changes').select('id').execute()).toEqual([]);

      // Another customer's card cannot be handed over as a replacement.
      await t.db.kysely
        .insertInto('cards')
        .values({ number: NEW, customer_id: 'cust-1', status: 'active', issued_at: new Date().toISOString() })
        .execute();
      expect(
        await refusal(admin.hq.cards.block({ cardNumber: LOST, reason: 'lost', replacement: NEW })),
      ).toBe('CONFLICT');
      await admin.hq.cards.block({ cardNumber: LOST, reason: 'lost' });
      expect(await refusal(admin.hq.cards.block({ cardNumber: LOST, reason: 'lost again' }))).toBe(
        'CONFLICT',
      );
    });

    it('unblocks a card found again, and the tills take it once more', async () => {
      const manager = hqCaller(t.db, await addHqUser(t.db, 'store_manager', { storeIds: [chain.storeA] }));
      await manager.hq.cards.block({ cardNumber: LOST, reason: 'reported lost by phone' });
      await expect
        .poll(async () => (await tillCards()).get(LOST)?.status, { timeout: 15_000, interval: 200 })
        .toBe('blocked');
      await manager.hq.cards.unblock({ cardNumber: LOST, reason: 'found in her other bag' });
      expect((await cards()).find((c) => c.number === LOST)?.status).toBe('active');
      await expect
        .poll(async () => (await tillCards()).get(LOST)?.status, { timeout: 15_000, interval: 200 })
        .toBe('active');
      const [card] = await admin.hq.cards.ofCustomer({ customerId: 'cust-1' });
      expect(card?.lastChange).toMatchObject({ status: 'active', reason: 'found in her other bag' });
    });

    it("an erasure takes the card's blocks and their reasons with it", async () => {
      await admin.hq.cards.block({ cardNumber: LOST, reason: 'lost', replacement: NEW });
      const customerId = (await resolveCustomer(t.db.kysely, { type: 'card', value: NEW }))!;
      await admin.hq.identity.erase({ customerId, confirm: customerId });
      expect(await t.db.kysely.selectFrom('card_status_changes').select('id').execute()).toEqual([]);
      expect(await cards()).toEqual([]);
    });
  });
});
