import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { hashPassword, hashSecret } from '../../../server/auth/secrets';
import { checkDeviceToken } from '../../../server/devices/deviceToken';
import { migrateToLatest } from '../../../server/db/migrate';
import { migrationModules } from '../../../server/db/migrations/index';
import { createContextInner } from '../../../server/trpc/context';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { createCaller, deviceCaller, makeSale, saleOp } from '../support/chain';
import { seedAt0001 } from '../support/dataAt0001';

// By name, not position: migrations numbered before 0006 may be added on other lines of work.
const before0006 = migrationModules.filter(([name]) => name < '0006');
const upTo0006 = migrationModules.filter(([name]) => name <= '0006_hq_roles_and_revocation');

describe.each(engines)('migration 0006 (HQ users, store managers, revoked tills) on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    afterEach(() => t.dispose());

    it('upgrades a database in use: users keep their role, password and session; tills keep syncing', async () => {
      t = await openTestDb(engine, { migrate: false });
      await migrateToLatest(t.db, migrationModules.slice(0, 1));
      const old = await seedAt0001(t.db);
      await migrateToLatest(t.db, before0006);
      const now = new Date().toISOString();
      const adminId = uuidv7();
      const managerId = uuidv7();
      const password = await hashPassword('old-password-1');
      await sql`insert into hq_users (id, email, name, role, password_hash, created_at)
        values (${adminId}, 'admin@old.example', 'Old Admin', 'admin', ${password}, ${now}),
               (${managerId}, 'manager@old.example', 'Old Manager', 'store_manager', ${password}, ${now})`.execute(
        t.db.kysely,
      );
      const sessionToken = `ots_${uuidv7()}`;
      await sql`insert into hq_sessions (token_hash, user_id, expires_at, created_at)
        values (${hashSecret(sessionToken)}, ${adminId}, ${new Date(Date.now() + 86_400_000).toISOString()}, ${now})`.execute(
        t.db.kysely,
      );

      expect((await migrateToLatest(t.db, upTo0006)).applied).toEqual(['0006_hq_roles_and_revocation']);

      const users = await t.db.kysely
        .selectFrom('hq_users')
        .select(['email', 'role', 'disabled_at', 'must_change_password'])
        .orderBy('email')
        .execute();
      expect(users).toEqual([
        { email: 'admin@old.example', role: 'admin', disabled_at: null, must_change_password: 0 },
        { email: 'manager@old.example', role: 'store_manager', disabled_at: null, must_change_password: 0 },
      ]);
      // The session survives 0006 (0007 later ends every session for its timeouts).
      const session = await t.db.kysely
        .selectFrom('hq_sessions')
        .select('user_id')
        .where('token_hash', '=', hashSecret(sessionToken))
        .executeTakeFirst();
      expect(session).toEqual({ user_id: adminId });
      expect(await checkDeviceToken(t.db, old.token)).toMatchObject({ ok: true });

      await migrateToLatest(t.db);
      // A store manager from before has no stores until an admin assigns them: they see nothing.
      const manager = createCaller(
        createContextInner({
          db: t.db,
          hqUser: { id: managerId, email: 'manager@old.example', name: 'Old Manager', role: 'store_manager' },
        }),
      );
      expect(await manager.hq.stores()).toEqual({ stores: [], devices: [] });
      const admin = { id: adminId, email: 'admin@old.example', name: 'Old Admin', role: 'admin' as const };
      const hq = createCaller(createContextInner({ db: t.db, hqUser: admin }));
      await hq.hq.users.update({
        id: managerId,
        name: 'Old Manager',
        role: 'store_manager',
        storeIds: [old.storeId],
      });
      expect((await manager.hq.stores()).stores.map((s) => s.code)).toEqual(['OLD-1']);

      // The old till goes on at seq 2 until HQ revokes it; then it is told why.
      const till = await deviceCaller(t.db, old.token);
      const pushed = await till.sync.push({
        deviceId: old.deviceId,
        installId: old.installId,
        ops: [saleOp(2, makeSale({ receiptNo: 'OLD-000002' }))],
      });
      expect(pushed.results[0]?.status).toBe('applied');
      await hq.hq.revokeDevice({ deviceId: old.deviceId });
      expect(await checkDeviceToken(t.db, old.token)).toEqual({ ok: false, reason: 'revoked' });
      const device = await t.db.kysely
        .selectFrom('devices')
        .select(['revoked_by'])
        .where('id', '=', old.deviceId)
        .executeTakeFirstOrThrow();
      expect(device.revoked_by).toBe(adminId);
      expect(await t.db.kysely.selectFrom('sales').select('id').execute()).toHaveLength(2);
    });
  });
});
