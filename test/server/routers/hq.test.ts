import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../server/auth/secrets';
import type { Db } from '../../../server/db/connect';
import { createContextInner } from '../../../server/trpc/context';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { adminCaller, createCaller, deviceCaller, publicCaller } from '../support/chain';

async function addUser(db: Db, role: 'admin' | 'analyst', password: string) {
  const id = uuidv7();
  const email = `${role}-${id}@test.local`;
  await db.kysely
    .insertInto('hq_users')
    .values({
      id,
      email,
      name: `Test ${role}`,
      role,
      password_hash: await hashPassword(password),
      created_at: new Date().toISOString(),
    })
    .execute();
  return { id, email, name: `Test ${role}`, role };
}

describe.each(engines)('HQ router on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    beforeEach(async () => {
      t = await openTestDb(engine);
    });
    afterEach(() => t.dispose());

    it('signs in with the right password only, and sets the session cookie', async () => {
      const user = await addUser(t.db, 'analyst', 'correct horse');
      const cookies: (string | null)[] = [];
      const caller = createCaller(
        createContextInner({ db: t.db, setSessionCookie: (token) => void cookies.push(token) }),
      );
      await expect(caller.hq.login({ email: user.email, password: 'wrong' })).rejects.toMatchObject({
        code: 'UNAUTHORIZED',
      });
      expect(cookies).toEqual([]);
      await expect(
        caller.hq.login({ email: user.email.toUpperCase(), password: 'correct horse' }),
      ).resolves.toEqual({
        id: user.id,
        email: user.email,
        name: user.name,
        role: 'analyst',
        mustChangePassword: false,
      });
      expect(cookies).toEqual([expect.stringMatching(/^ots_/)]);
    });

    it('creates a store once per code, and only for admins', async () => {
      const admin = await adminCaller(t.db);
      const created = await admin.hq.createStore({ code: 'MSK-01', name: 'Moscow', currency: 'RUB' });
      const rows = await t.db.kysely.selectFrom('stores').select(['id', 'code']).execute();
      expect(rows).toEqual([{ id: created.id, code: 'MSK-01' }]);
      await expect(
        admin.hq.createStore({ code: 'MSK-01', name: 'Again', currency: 'RUB' }),
      ).rejects.toMatchObject({
        code: 'CONFLICT',
        message: 'Store code MSK-01 is taken',
      });
      const analyst = await addUser(t.db, 'analyst', 'pw');
      const asAnalyst = createCaller(createContextInner({ db: t.db, hqUser: analyst }));
      await expect(
        asAnalyst.hq.createStore({ code: 'SPB-01', name: 'SPb', currency: 'RUB' }),
      ).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    });

    it('issues an enrolment code for a store that exists, and a not-found for one that does not', async () => {
      const admin = await adminCaller(t.db);
      await expect(admin.hq.createEnrolmentCode({ storeId: uuidv7() })).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: 'No such store',
      });
      expect(await t.db.kysely.selectFrom('enrolment_codes').select('code_hash').execute()).toEqual([]);

      const store = await admin.hq.createStore({ code: 'MSK-01', name: 'Moscow', currency: 'RUB' });
      const { code, expiresAt } = await admin.hq.createEnrolmentCode({ storeId: store.id, ttlMinutes: 30 });
      expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
      const till = await publicCaller(t.db).device.enroll({ code, name: 'Till 1' });
      const me = await (await deviceCaller(t.db, till.token)).device.me();
      expect(me).toEqual({
        deviceId: till.deviceId,
        name: 'Till 1',
        store: { id: store.id, code: 'MSK-01', name: 'Moscow', currency: 'RUB' },
      });
    });
  });
});
