import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { userBySession } from '../../../server/auth/sessions';
import { createContextInner } from '../../../server/trpc/context';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { createCaller, setUpChain } from '../support/chain';
import { addHqUser, hqCaller } from '../support/hqUsers';

describe.each(engines)('HQ users on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    beforeEach(async () => {
      t = await openTestDb(engine);
    });
    afterEach(() => t.dispose());

    /** Signs in as a browser would, keeping the session token the cookie would carry. */
    const signIn = async (email: string, password: string) => {
      let token: string | null = null;
      const anonymous = createCaller(
        createContextInner({ db: t.db, setSessionCookie: (value) => void (token = value) }),
      );
      const user = await anonymous.hq.login({ email, password });
      if (!token) throw new Error('no session cookie');
      return { user, token: token as string };
    };
    const asSession = async (token: string) => hqCaller(t.db, await userBySession(t.db, token), token);

    it('an admin creates a store manager, who signs in once with the one-time password and must choose another', async () => {
      const chain = await setUpChain(t.db);
      const admin = hqCaller(t.db, await addHqUser(t.db, 'admin'));
      const created = await admin.hq.users.create({
        email: 'Maria@Shop.example',
        name: 'Maria',
        role: 'store_manager',
        storeIds: [chain.storeA],
      });
      expect(created.oneTimePassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
      const listed = (await admin.hq.users.list()).find((u) => u.id === created.id);
      expect(listed).toMatchObject({
        email: 'maria@shop.example',
        role: 'store_manager',
        storeIds: [chain.storeA],
        disabledAt: null,
        mustChangePassword: true,
      });
      // The password is kept only as a hash.
      const row = await t.db.kysely
        .selectFrom('hq_users')
        .select('password_hash')
        .where('id', '=', created.id)
        .executeTakeFirstOrThrow();
      expect(row.password_hash).not.toContain(created.oneTimePassword);

      const { user, token } = await signIn('maria@shop.example', created.oneTimePassword);
      expect(user.mustChangePassword).toBe(true);
      const maria = await asSession(token);
      await expect(maria.hq.stores()).rejects.toMatchObject({
        code: 'FORBIDDEN',
        message: 'Choose a new password first',
      });
      await expect(
        maria.hq.changePassword({ currentPassword: 'wrong-password', newPassword: 'maria-own-password' }),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'The current password is wrong' });
      await expect(
        maria.hq.changePassword({ currentPassword: created.oneTimePassword, newPassword: 'short' }),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await maria.hq.changePassword({
        currentPassword: created.oneTimePassword,
        newPassword: 'maria-own-password',
      });
      // The same session goes on, now with the store manager's reach.
      const after = await asSession(token);
      expect((await after.hq.stores()).stores.map((s) => s.code)).toEqual(['A-1']);
      await expect(signIn('maria@shop.example', created.oneTimePassword)).rejects.toMatchObject({
        code: 'UNAUTHORIZED',
      });
      expect((await signIn('maria@shop.example', 'maria-own-password')).user.mustChangePassword).toBe(false);
    });

    it('disabling a user ends their sessions and refuses their password until enabled again', async () => {
      const admin = hqCaller(t.db, await addHqUser(t.db, 'admin'));
      const analyst = await addHqUser(t.db, 'analyst');
      const first = await signIn(analyst.email, analyst.password);
      const second = await signIn(analyst.email, analyst.password);
      expect(await (await asSession(first.token)).hq.stores()).toEqual({ stores: [], devices: [] });

      await admin.hq.users.disable({ id: analyst.id });
      expect(await userBySession(t.db, first.token)).toBeNull();
      expect(await userBySession(t.db, second.token)).toBeNull();
      const sessions = await t.db.kysely
        .selectFrom('hq_sessions')
        .select('token_hash')
        .where('user_id', '=', analyst.id)
        .execute();
      expect(sessions).toEqual([]);
      await expect(signIn(analyst.email, analyst.password)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });

      await admin.hq.users.enable({ id: analyst.id });
      expect((await signIn(analyst.email, analyst.password)).user.role).toBe('analyst');
    });

    it('a reset gives a new one-time password, ends the sessions and retires the old password', async () => {
      const admin = hqCaller(t.db, await addHqUser(t.db, 'admin'));
      const analyst = await addHqUser(t.db, 'analyst');
      const session = await signIn(analyst.email, analyst.password);
      const { oneTimePassword } = await admin.hq.users.resetPassword({ id: analyst.id });
      expect(await userBySession(t.db, session.token)).toBeNull();
      await expect(signIn(analyst.email, analyst.password)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
      expect((await signIn(analyst.email, oneTimePassword)).user.mustChangePassword).toBe(true);
    });

    it('an admin cannot lock themselves out, and emails stay unique', async () => {
      const me = await addHqUser(t.db, 'admin');
      const admin = hqCaller(t.db, me);
      for (const attempt of [
        admin.hq.users.disable({ id: me.id }),
        admin.hq.users.resetPassword({ id: me.id }),
        admin.hq.users.update({ id: me.id, name: 'Me', role: 'analyst', storeIds: [] }),
      ]) {
        await expect(attempt).rejects.toMatchObject({ code: 'FORBIDDEN' });
      }
      expect((await admin.hq.users.list()).find((u) => u.id === me.id)).toMatchObject({
        role: 'admin',
        disabledAt: null,
      });
      await admin.hq.users.update({ id: me.id, name: 'Renamed Me', role: 'admin', storeIds: [] });
      await expect(
        admin.hq.users.create({ email: me.email.toUpperCase(), name: 'Twin', role: 'analyst' }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
    });

    it('changes a role and its stores; a store that does not exist is refused', async () => {
      const chain = await setUpChain(t.db);
      const admin = hqCaller(t.db, await addHqUser(t.db, 'admin'));
      const analyst = await addHqUser(t.db, 'analyst');
      await admin.hq.users.update({
        id: analyst.id,
        name: 'Now a manager',
        role: 'store_manager',
        storeIds: [chain.storeB],
      });
      const user = await userBySession(t.db, (await signIn(analyst.email, analyst.password)).token);
      expect((await hqCaller(t.db, user).hq.stores()).stores.map((s) => s.code)).toEqual(['B-1']);
      await expect(
        admin.hq.users.update({
          id: analyst.id,
          name: 'x',
          role: 'store_manager',
          storeIds: ['01900000-0000-7000-8000-000000000000'],
        }),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      // Back to analyst: the store list goes, the whole chain is in view.
      await admin.hq.users.update({
        id: analyst.id,
        name: 'Analyst',
        role: 'analyst',
        storeIds: [chain.storeB],
      });
      expect((await admin.hq.users.list()).find((u) => u.id === analyst.id)?.storeIds).toEqual([]);
    });
  });
});
