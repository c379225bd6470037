import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { makeLinkCode } from '../../../shared/barcode/serverCodes';
import { migrateToLatest } from '../../../server/db/migrate';
import { migrationModules } from '../../../server/db/migrations/index';
import { linkCodeExpiry } from '../../../server/linkCodes/linkCodeTtl';
import { deviceCaller, makeSale, saleOp } from '../support/chain';
import { seedAt0001 } from '../support/dataAt0001';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';

const at0019 = migrationModules.findIndex(([name]) => name === '0019_web_events');

describe.each(engines)('migration 0019 (web events) on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    afterEach(() => t.dispose());

    it('keeps the link codes registered before it, redeemable until their issue time plus the TTL, and the till goes on', async () => {
      t = await openTestDb(engine, { migrate: false });
      await migrateToLatest(t.db, migrationModules.slice(0, 1));
      const old = await seedAt0001(t.db);
      await migrateToLatest(t.db, migrationModules.slice(0, at0019));
      // The code the seeded sale's receipt carried, as the server registered it before 0019.
      const before = makeLinkCode([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      await sql`insert into link_codes (code, sale_id, card_number, issued_at, status, redeemed_at, attempts)
        values (${before}, ${old.saleId}, ${'9900000000017'}, ${new Date().toISOString()}, 'redeemable', null, 0)`.execute(
        t.db.kysely,
      );

      expect((await migrateToLatest(t.db, migrationModules.slice(0, at0019 + 1))).applied).toEqual([
        '0019_web_events',
      ]);
      const kept = await t.db.kysely
        .selectFrom('link_codes')
        .selectAll()
        .where('code', '=', before)
        .executeTakeFirstOrThrow();
      expect(kept).toMatchObject({
        status: 'redeemable',
        expires_at: null,
        redeemed_visitor_id: null,
        redeemed_customer_id: null,
      });
      expect(await t.db.kysely.selectFrom('web_events').selectAll().execute()).toEqual([]);

      await migrateToLatest(t.db);
      const till = await deviceCaller(t.db, old.token);
      const after = makeLinkCode([9, 8, 7, 6, 5, 4, 3, 2, 1]);
      const next = await till.sync.push({
        deviceId: old.deviceId,
        installId: old.installId,
        ops: [saleOp(2, makeSale({ receiptNo: 'OLD-000002', linkCode: after }))],
      });
      expect(next.results[0]?.status).toBe('applied');
      const fresh = await t.db.kysely
        .selectFrom('link_codes')
        .selectAll()
        .where('code', '=', after)
        .executeTakeFirstOrThrow();
      expect(fresh.expires_at).toBe(linkCodeExpiry(fresh.issued_at));
    });
  });
});
