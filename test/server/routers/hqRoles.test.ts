import { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HqRole } from '../../../server/auth/roles';
import type { HqUser } from '../../../server/auth/sessions';
import { appRouter } from '../../../server/trpc/routers/app';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { makeSale, saleOp, setUpChain } from '../support/chain';
import { addHqUser, hqCaller } from '../support/hqUsers';

type Chain = Awaited<ReturnType<typeof setUpChain>>;
type Fixture = Chain & { otherUserId: string; otherUser: { email: string; password: string } };

/**
 * Who may call each HQ procedure. A procedure added to the router without a line here fails the
 * first test: every HQ procedure needs a decision.
 */
const WHO_MAY_CALL: Record<
  string,
  { allowed: 'anyone' | 'signed-in' | readonly HqRole[]; input: (f: Fixture) => unknown }
> = {
  'hq.login': {
    allowed: 'anyone',
    input: (f) => ({ email: f.otherUser.email, password: f.otherUser.password }),
  },
  'hq.logout': { allowed: 'anyone', input: () => undefined },
  'hq.me': { allowed: 'signed-in', input: () => undefined },
  'hq.changePassword': {
    allowed: 'signed-in',
    input: () => ({ currentPassword: 'not-the-password', newPassword: 'a-new-long-password' }),
  },
  'hq.customerPurchases': {
    allowed: ['admin', 'analyst', 'store_manager'],
    input: () => ({ query: '9900000000017' }),
  },
  'hq.customerLedger': {
    allowed: ['admin', 'analyst', 'store_manager'],
    input: () => ({ customerId: 'cust-1' }),
  },
  'hq.cards.ofCustomer': {
    allowed: ['admin', 'analyst', 'store_manager'],
    input: () => ({ customerId: 'cust-1' }),
  },
  'hq.cards.block': {
    allowed: ['admin', 'store_manager'],
    input: () => ({ cardNumber: '9900000000017', reason: 'lost' }),
  },
  'hq.cards.unblock': {
    allowed: ['admin', 'store_manager'],
    input: () => ({ cardNumber: '9900000000017', reason: 'found' }),
  },
  'hq.customerTimeline': {
    allowed: ['admin', 'analyst', 'store_manager'],
    input: () => ({ customerId: 'cust-1' }),
  },
  'hq.loyaltyReview': { allowed: ['admin', 'analyst', 'store_manager'], input: () => ({}) },
  'hq.adjustPoints': {
    allowed: ['admin'],
    input: () => ({ customerId: 'cust-1', points: 50, reason: 'goodwill for a late delivery' }),
  },
  'hq.cardConflicts': { allowed: ['admin', 'analyst', 'store_manager'], input: () => ({}) },
  'hq.shiftPage': { allowed: ['admin', 'analyst', 'store_manager'], input: (f) => ({ storeId: f.storeA }) },
  'hq.storeReturns': {
    allowed: ['admin', 'analyst', 'store_manager'],
    input: (f) => ({ storeId: f.storeA }),
  },
  'hq.figures': { allowed: ['admin', 'analyst'], input: () => ({ from: '2026-01', to: '2026-12' }) },
  'hq.stores': { allowed: ['admin', 'analyst', 'store_manager'], input: () => undefined },
  'hq.createStore': {
    allowed: ['admin'],
    input: () => ({ code: `S-${Math.floor(Math.random() * 1e6)}`, name: 'New', currency: 'RUB' }),
  },
  'hq.createEnrolmentCode': { allowed: ['admin', 'store_manager'], input: (f) => ({ storeId: f.storeA }) },
  'hq.revokeDevice': { allowed: ['admin', 'store_manager'], input: (f) => ({ deviceId: f.tillA.deviceId }) },
  'hq.cashiers': { allowed: ['admin', 'analyst', 'store_manager'], input: (f) => ({ storeId: f.storeA }) },
  'hq.createCashier': {
    allowed: ['admin', 'store_manager'],
    input: (f) => ({ storeId: f.storeA, name: 'Olga', role: 'cashier', pin: '4821' }),
  },
  'hq.updateCashier': { allowed: ['admin', 'store_manager'], input: () => ({ id: uuidv7(), active: false }) },
  'hq.storeShifts': { allowed: ['admin', 'analyst', 'store_manager'], input: (f) => ({ storeId: f.storeA }) },
  'hq.scanConfig': { allowed: ['admin', 'analyst', 'store_manager'], input: () => undefined },
  'hq.saveScanConfig': {
    allowed: ['admin'],
    input: () => ({ baseVersion: 0, config: { loyaltySchemes: [], inStoreRules: [] } }),
  },
  'hq.identity.search': { allowed: ['admin', 'analyst'], input: () => ({ query: '9900000000017' }) },
  'hq.identity.customer': { allowed: ['admin', 'analyst'], input: () => ({ customerId: uuidv7() }) },
  'hq.identity.reviews': { allowed: ['admin', 'analyst'], input: () => ({}) },
  'hq.identity.resolveReview': {
    allowed: ['admin'],
    input: () => ({ reviewId: uuidv7(), decision: 'keep_apart' }),
  },
  'hq.identity.unmerge': { allowed: ['admin'], input: () => ({ mergeId: uuidv7(), reason: 'two people' }) },
  'hq.identity.erase': { allowed: ['admin'], input: () => ({ customerId: uuidv7(), confirm: uuidv7() }) },
  'hq.users.list': { allowed: ['admin'], input: () => undefined },
  'hq.webshop.connections': { allowed: ['admin'], input: () => undefined },
  'hq.webshop.createConnection': {
    allowed: ['admin'],
    input: () => ({
      id: `shop-${Math.floor(Math.random() * 1e9)}`,
      platform: 'generic',
      name: 'Shop',
      allowedOrigins: [],
      outboundUrl: null,
      holdDays: 3,
      locations: [],
    }),
  },
  'hq.webshop.updateConnection': { allowed: ['admin'], input: () => ({ id: 'no-such-shop', holdDays: 5 }) },
  'hq.webshop.rotateSecret': { allowed: ['admin'], input: () => ({ id: 'no-such-shop', which: 'inbound' }) },
  'hq.webshop.endRotation': { allowed: ['admin'], input: () => ({ id: 'no-such-shop' }) },
  'hq.webshop.orders': {
    allowed: ['admin', 'analyst', 'store_manager'],
    input: (f) => ({ storeId: f.storeA }),
  },
  'hq.webshop.review': { allowed: ['admin', 'analyst', 'store_manager'], input: () => ({}) },
  'hq.webshop.outbound': { allowed: ['admin'], input: () => ({}) },
  'hq.webshop.markReady': {
    allowed: ['admin', 'store_manager'],
    input: (f) => ({ orderId: uuidv7(), storeId: f.storeA }),
  },
  'hq.webshop.setConnectionEnabled': {
    allowed: ['admin'],
    input: () => ({ id: 'no-such-shop', enabled: false }),
  },
  'hq.webshop.orderPage': { allowed: ['admin', 'analyst', 'store_manager'], input: () => ({}) },
  'hq.webshop.order': {
    allowed: ['admin', 'analyst', 'store_manager'],
    input: () => ({ orderId: uuidv7() }),
  },
  'hq.webshop.resolveReview': {
    allowed: ['admin'],
    input: () => ({ orderId: uuidv7(), resolution: { kind: 'delivery_only' } }),
  },
  'hq.webshop.returnedToShelf': {
    allowed: ['admin', 'store_manager'],
    input: (f) => ({ orderId: uuidv7(), storeId: f.storeA }),
  },
  'hq.webshop.extendHold': {
    allowed: ['admin', 'store_manager'],
    input: (f) => ({ orderId: uuidv7(), storeId: f.storeA, days: 3, reason: 'on holiday' }),
  },
  'hq.webshop.retryOutbound': { allowed: ['admin'], input: () => ({ eventId: uuidv7() }) },
  'hq.signInAttempts.recent': { allowed: ['admin'], input: () => undefined },
  'hq.users.create': {
    allowed: ['admin'],
    input: () => ({ email: `new-${uuidv7()}@test.local`, name: 'New', role: 'analyst' }),
  },
  'hq.users.update': {
    allowed: ['admin'],
    input: (f) => ({ id: f.otherUserId, name: 'Renamed', role: 'analyst', storeIds: [] }),
  },
  'hq.users.disable': { allowed: ['admin'], input: (f) => ({ id: f.otherUserId }) },
  'hq.users.enable': { allowed: ['admin'], input: (f) => ({ id: f.otherUserId }) },
  'hq.users.resetPassword': { allowed: ['admin'], input: (f) => ({ id: f.otherUserId }) },
};

const ROLES: HqRole[] = ['admin', 'analyst', 'store_manager'];

/** Calls `hq.users.list`-style paths on a caller; the error (or null) is what the test reads. */
async function call(caller: unknown, path: string, input: unknown): Promise<TRPCError | null> {
  let target: unknown = caller;
  for (const part of path.split('.')) target = (target as Record<string, unknown>)[part];
  try {
    await (target as (input: unknown) => Promise<unknown>)(input);
    return null;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
}

const refusedForWho = (error: TRPCError | null) =>
  error !== null &&
  (error.code === 'FORBIDDEN' || error.code === 'UNAUTHORIZED') &&
  // Refusals about the request itself (e.g. "your own account") are not about the role.
  !['own_account', 'wrong_password'].includes((error.cause as { reason?: string } | undefined)?.reason ?? '');

describe('every HQ procedure has a decision on who may call it', () => {
  it('lists each procedure of the HQ router, and no other', () => {
    const procedures = Object.keys(appRouter._def.procedures).filter((p) => p.startsWith('hq.'));
    expect(procedures.sort()).toEqual(Object.keys(WHO_MAY_CALL).sort());
  });
});

describe.each(engines)('HQ roles on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    let fixture: Fixture;
    let users: Record<HqRole, HqUser>;
    beforeEach(async () => {
      t = await openTestDb(engine);
      const chain = await setUpChain(t.db);
      const other = await addHqUser(t.db, 'analyst');
      fixture = { ...chain, otherUserId: other.id, otherUser: other };
      users = {
        admin: await addHqUser(t.db, 'admin'),
        analyst: await addHqUser(t.db, 'analyst'),
        store_manager: await addHqUser(t.db, 'store_manager', { storeIds: [chain.storeA] }),
      };
    });
    afterEach(() => t.dispose());

    for (const [path, rule] of Object.entries(WHO_MAY_CALL)) {
      it(`${path}: ${typeof rule.allowed === 'string' ? rule.allowed : rule.allowed.join(', ')}`, async () => {
        const signedOut = await call(hqCaller(t.db, null), path, rule.input(fixture));
        if (rule.allowed === 'anyone') expect(refusedForWho(signedOut)).toBe(false);
        else expect(signedOut?.code).toBe('UNAUTHORIZED');

        for (const role of ROLES) {
          const error = await call(hqCaller(t.db, users[role]), path, rule.input(fixture));
          const allowed = typeof rule.allowed === 'string' || rule.allowed.includes(role);
          expect({ role, refused: refusedForWho(error) }).toEqual({ role, refused: !allowed });
          if (!allowed) expect(error?.code).toBe('FORBIDDEN');
        }

        // A one-time password only lets its holder choose a new one.
        const pending = await addHqUser(t.db, 'admin', { mustChangePassword: true });
        const error = await call(hqCaller(t.db, pending), path, rule.input(fixture));
        expect(refusedForWho(error)).toBe(typeof rule.allowed !== 'string');
      });
    }

    it('a store manager sees and manages only their stores', async () => {
      const installId = uuidv7();
      await fixture.tillA.caller.sync.push({
        deviceId: fixture.tillA.deviceId,
        installId,
        ops: [saleOp(1, makeSale({ receiptNo: 'A-1' }))],
      });
      await fixture.tillB.caller.sync.push({
        deviceId: fixture.tillB.deviceId,
        installId: uuidv7(),
        ops: [saleOp(1, makeSale({ receiptNo: 'B-1' }))],
      });
      const manager = hqCaller(t.db, users.store_manager);
      const overview = await manager.hq.stores();
      expect(overview.stores.map((s) => s.code)).toEqual(['A-1']);
      expect(overview.devices.map((d) => d.name)).toEqual(['Till A1']);
      const purchases = await manager.hq.customerPurchases({ query: '9900000000017' });
      expect(purchases.purchases.map((p) => p.receiptNo)).toEqual(['A-1']);
      expect(purchases.count).toBe(1);

      await expect(manager.hq.createEnrolmentCode({ storeId: fixture.storeB })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      await expect(manager.hq.revokeDevice({ deviceId: fixture.tillB.deviceId })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      expect(
        await t.db.kysely
          .selectFrom('devices')
          .select('revoked_at')
          .where('id', '=', fixture.tillB.deviceId)
          .executeTakeFirstOrThrow(),
      ).toEqual({ revoked_at: null });

      // The whole chain, for an analyst.
      const analyst = await hqCaller(t.db, users.analyst).hq.customerPurchases({ query: '9900000000017' });
      expect(analyst.purchases.map((p) => p.receiptNo).sort()).toEqual(['A-1', 'B-1']);
    });
  });
});
