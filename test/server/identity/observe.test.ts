import { afterEach, describe, expect, it } from 'vitest';
import { observe, resolveCustomer } from '../../../server/identity';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';

describe.each(engines)('identity observe on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    afterEach(() => t.dispose());

    it('creates a profile for a card, links a verified email to it, and finds it by any spelling', async () => {
      t = await openTestDb(engine);
      const db = t.db.kysely;
      const first = await observe(db, {
        identifiers: [{ type: 'card', value: '4600 0000 1234', verified: true }],
        evidence: 'card_at_sale',
        sourceRef: 'sale:1',
      });
      expect(first.outcome).toBe('created');
      const second = await observe(db, {
        identifiers: [
          { type: 'card', value: '460000001234', verified: true },
          { type: 'email', value: ' Anna@Example.COM', verified: true },
        ],
        evidence: 'verified_link_code',
        sourceRef: 'link:1',
      });
      expect(second).toEqual({ customerId: first.customerId, outcome: 'linked' });
      expect(await resolveCustomer(db, { type: 'email', value: 'anna@example.com' })).toBe(first.customerId);
      expect(await resolveCustomer(db, { type: 'card', value: '4600-0000-1234' })).toBe(first.customerId);
    });

    it('merges two profiles on verified evidence into the older one, and never on junk', async () => {
      t = await openTestDb(engine);
      const db = t.db.kysely;
      const a = await observe(db, {
        identifiers: [{ type: 'card', value: '111122223333', verified: true }],
        evidence: 'card_at_sale',
        sourceRef: 'sale:a',
      });
      const b = await observe(db, {
        identifiers: [{ type: 'email', value: 'b@example.org', verified: true }],
        evidence: 'shop_login',
        sourceRef: 'sdk:b',
      });
      const junk = await observe(db, {
        identifiers: [
          { type: 'email', value: 'test@test.com', verified: true },
          { type: 'phone', value: '+7 000 000-00-00', verified: true },
        ],
        evidence: 'shop_login',
        sourceRef: 'sdk:junk',
      });
      expect(junk).toEqual({ customerId: null, outcome: 'ignored' });
      const merged = await observe(db, {
        identifiers: [
          { type: 'card', value: '111122223333', verified: true },
          { type: 'email', value: 'B@example.org', verified: true },
        ],
        evidence: 'verified_link_code',
        sourceRef: 'link:ab',
      });
      expect(merged).toEqual({ customerId: a.customerId, outcome: 'merged' });
      expect(await resolveCustomer(db, { type: 'email', value: 'b@example.org' })).toBe(a.customerId);
      expect(b.customerId).not.toBe(a.customerId);
    });
  });
});
