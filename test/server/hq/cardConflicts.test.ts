import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CardIssue } from '../../../shared/domain/cardIssue';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { adminCaller, makeSale, saleOp, setUpChain } from '../support/chain';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { addHqUser, hqCaller } from '../support/hqUsers';
import { tillOp } from '../support/tillOps';

const CARD = '2990000000019';

function issue(name: string, phone: string, wallTime: string): CardIssue {
  return {
    cardNumber: CARD,
    customerId: uuidv7(),
    name,
    phone,
    email: null,
    consents: { personalData: { granted: true, at: wallTime }, marketing: { granted: false, at: wallTime } },
    wallTime,
  };
}

describe.each(engines)('HQ card issue conflicts on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    let chain: Awaited<ReturnType<typeof setUpChain>>;
    beforeEach(async () => {
      t = await openTestDb(engine);
      chain = await setUpChain(t.db);
    });
    afterEach(() => t.dispose());

    it('lists a card_taken refusal with both tills, both customers masked, times and the sales that went astray', async () => {
      const first = issue('Ivan Sidorov', '+79161234567', '2026-02-01T10:00:00.000+03:00');
      const second = issue('Maria Orlova', '+79035550011', '2026-02-01T10:02:00.000+03:00');
      const a = await chain.tillA.caller.sync.push({
        deviceId: chain.tillA.deviceId,
        installId: uuidv7(),
        ops: [tillOp(1, 'card.issue', first)],
      });
      const b = await chain.tillB.caller.sync.push({
        deviceId: chain.tillB.deviceId,
        installId: uuidv7(),
        ops: [tillOp(1, 'card.issue', second), saleOp(2, makeSale({ cardNumber: CARD }))],
      });
      expect(a.results[0]?.status).toBe('applied');
      expect(b.results.map((r) => (r.status === 'rejected' ? r.reason : r.status))).toEqual([
        'card_taken',
        'applied',
      ]);

      const admin = await adminCaller(t.db);
      const [conflict, ...rest] = await admin.hq.cardConflicts({});
      expect(rest).toEqual([]);
      expect(conflict).toMatchObject({
        cardNumber: CARD,
        holder: {
          storeName: 'Store A',
          deviceName: 'Till A1',
          customerId: first.customerId,
          maskedName: 'Ivan S.',
          maskedPhone: '+7916•••••67',
          tillTime: first.wallTime,
        },
        refused: {
          storeName: 'Store B',
          deviceName: 'Till B1',
          customerId: second.customerId,
          maskedName: 'Maria O.',
          maskedPhone: '+7903•••••11',
          tillTime: second.wallTime,
        },
        refusedTillSales: 1,
      });
      // Nobody reads a full phone number off this list.
      expect(JSON.stringify(conflict)).not.toContain('1234567');
      expect(JSON.stringify(conflict)).not.toContain('5550011');

      const managerOf = async (storeIds: string[]) =>
        hqCaller(t.db, await addHqUser(t.db, 'store_manager', { storeIds })).hq.cardConflicts({});
      expect(await managerOf([chain.storeA])).toHaveLength(1);
      expect(await managerOf([chain.storeB])).toHaveLength(1);
      expect(await managerOf([])).toEqual([]);
    });
  });
});
