import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engines, openTestDb, skipEngine, type TestDb } from '../server/support/databases';
import { addHqUser, cookieOf, count, startHqHttp, type HqHttp } from '../server/support/hqHttp';

/**
 * Passwords could be guessed as fast as the server could hash them, hundreds per batched request.
 * Now each account allows five failures, each address fifty, before a lockout (429, Retry-After).
 */
describe.each(engines)('guessing HQ passwords on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    let http: HqHttp;
    beforeEach(async () => {
      t = await openTestDb(engine);
      await addHqUser(t.db, 'boss@test.local', 'boss-password', 'admin');
      await addHqUser(t.db, 'victim@test.local', 'right-password', 'analyst');
      // Through a trusted proxy, so each test can speak from addresses of its choosing.
      http = await startHqHttp(t.db, { TRUSTED_PROXIES: '127.0.0.1/32' });
    });
    afterEach(async () => {
      await http.close();
      await t.dispose();
    });
    const from = (address: string) => ({ 'x-forwarded-for': address });
    const guess = (email: string, password: string, address = '198.51.100.1') =>
      http.post('hq.login', { email, password }, from(address));

    it('refuses the sixth wrong password with 429 and Retry-After, then even the right one', async () => {
      for (let i = 0; i < 5; i++) expect((await guess('victim@test.local', `wrong-${i}`)).status).toBe(401);
      const locked = await guess('victim@test.local', 'wrong-6');
      expect(locked.status).toBe(429);
      const wait = Number(locked.headers.get('retry-after'));
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(60);
      expect((await guess('victim@test.local', 'right-password', '198.51.100.2')).status).toBe(429);
    });

    it('answers an account that does not exist exactly like one that does', async () => {
      const answers = async (email: string) => {
        const texts: string[] = [];
        for (let i = 0; i < 6; i++) {
          const res = await guess(email, `wrong-${i}`);
          const body = (await res.json()) as { error: { message: string } };
          texts.push(`${res.status} ${body.error.message}`);
        }
        return texts;
      };
      expect(await answers('nobody@test.local')).toEqual(await answers('victim@test.local'));
    });

    it('lets batched requests check at most five passwords of an account', async () => {
      const inputs = Array.from({ length: 100 }, (_, i) => ({
        email: 'victim@test.local',
        password: `p${i}`,
      }));
      const answer = await http.batch('hq.login', inputs, from('198.51.100.3'));
      expect(count(answer.codes, 'UNAUTHORIZED')).toBe(5);
      expect(count(answer.codes, 'TOO_MANY_REQUESTS')).toBe(95);
      expect(Number(answer.retryAfter)).toBeGreaterThan(0);
    });

    it('allows fifty failures per address across accounts, and other addresses go on', async () => {
      const inputs = Array.from({ length: 80 }, (_, i) => ({ email: `user${i}@test.local`, password: 'x' }));
      const answer = await http.batch('hq.login', inputs, from('198.51.100.4'));
      expect(count(answer.codes, 'UNAUTHORIZED')).toBe(50);
      expect(count(answer.codes, 'TOO_MANY_REQUESTS')).toBe(30);
      expect((await guess('victim@test.local', 'right-password', '198.51.100.5')).status).toBe(200);
    });

    it('does not believe X-Forwarded-For from a client that is not a trusted proxy', async () => {
      const direct = await startHqHttp(t.db);
      try {
        for (let i = 0; i < 5; i++) {
          const res = await direct.post(
            'hq.login',
            { email: `u${i}@test.local`, password: 'x' },
            from(`10.0.0.${i}`),
          );
          expect(res.status).toBe(401);
        }
        // The account bucket is per email; the address one is the socket's, whatever the header said.
        const rows = await t.db.kysely
          .selectFrom('auth_attempts')
          .select(['key', 'total_failures'])
          .where('kind', '=', 'login_address')
          .execute();
        expect(rows).toEqual([{ key: '127.0.0.1', total_failures: 5 }]);
      } finally {
        await direct.close();
      }
    });

    it('shows HQ admins the failures and the lockout in force, and only admins', async () => {
      const admin = await guess('boss@test.local', 'boss-password', '192.0.2.10');
      expect(admin.status).toBe(200);
      await http.batch(
        'hq.login',
        Array.from({ length: 7 }, (_, i) => ({ email: 'victim@test.local', password: `p${i}` })),
        from('203.0.113.66'),
      );
      const res = await http.get('hq.signInAttempts.recent', undefined, { cookie: cookieOf(admin) });
      expect(res.status).toBe(200);
      const rows = ((await res.json()) as { result: { data: Record<string, unknown>[] } }).result.data;
      expect(rows).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            action: 'sign-in',
            scope: 'account',
            key: 'victim@test.local',
            failures: 5,
            lockedUntil: expect.stringMatching(/^\d{4}-/) as unknown,
          }),
          expect.objectContaining({
            action: 'sign-in',
            scope: 'address',
            key: '203.0.113.66',
            // Attempts refused by the account's lockout still count against the address.
            failures: 7,
            lockedUntil: null,
          }),
        ]),
      );
      // A successful sign-in leaves no failure behind.
      expect(rows.some((r) => r.key === 'boss@test.local' || r.key === '192.0.2.10')).toBe(false);

      const analyst = await guess('victim@test.local', 'right-password', '192.0.2.11');
      expect(analyst.status).toBe(429);
    });
  });
});
