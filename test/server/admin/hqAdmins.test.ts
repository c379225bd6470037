import { afterEach, describe, expect, it } from 'vitest';
import { countHqUsers, createHqAdmin } from '../../../server/admin/hqAdmins';
import { login } from '../../../server/auth/login';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';

describe.each(engines)('the first HQ admin on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    afterEach(() => t.dispose());

    it('is created on an empty server with a password that logs in, once per email', async () => {
      t = await openTestDb(engine);
      expect(await countHqUsers(t.db)).toBe(0);

      const created = await createHqAdmin(t.db, 'Ops@Example.com');
      expect(created).toMatchObject({ kind: 'created', email: 'ops@example.com' });
      if (created.kind !== 'created') throw new Error('not created');
      expect(created.password).toMatch(/^\S{16}$/);
      expect(await countHqUsers(t.db)).toBe(1);
      const attempt = { address: '127.0.0.1', previousToken: null };
      expect(
        (await login(t.db, { ...attempt, email: 'ops@example.com', password: created.password })).ok,
      ).toBe(true);
      expect(
        (await login(t.db, { ...attempt, email: 'ops@example.com', password: 'not-the-password' })).ok,
      ).toBe(false);

      expect(await createHqAdmin(t.db, 'ops@example.com')).toEqual({
        kind: 'exists',
        email: 'ops@example.com',
      });
      expect(await createHqAdmin(t.db, 'not an email')).toMatchObject({ kind: 'invalid-email' });
      expect(await countHqUsers(t.db)).toBe(1);
    });
  });
});
