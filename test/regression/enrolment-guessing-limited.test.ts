import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEnrolmentCode } from '../../server/devices/enrolment';
import { createStore } from '../../server/hq/stores';
import { engines, openTestDb, skipEngine, type TestDb } from '../server/support/databases';
import { addHqUser, cookieOf, count, startHqHttp, type HqHttp } from '../server/support/hqHttp';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * Enrolment codes could be tried twelve thousand times a second. Now each address has ten failed
 * attempts before a lockout, and a batched request counts each call.
 */
describe.each(engines)('guessing enrolment codes on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    let http: HqHttp;
    let code: string;
    beforeEach(async () => {
      t = await openTestDb(engine);
      const store = await createStore(t.db, { code: 'S-1', name: 'Store', currency: 'RUB' });
      if (!store.ok) throw new Error('no store');
      code = (await createEnrolmentCode(t.db, store.id, 60)).code;
      http = await startHqHttp(t.db, { TRUSTED_PROXIES: '127.0.0.1/32' });
    });
    afterEach(async () => {
      await http.close();
      await t.dispose();
    });
    const from = (address: string) => ({ 'x-forwarded-for': address, origin: 'http://127.0.0.1:5173' });
    /** A guess shaped like the issued code, so it is judged on its value alone. */
    const guess = () => {
      const symbols = [...randomBytes(code.length)].map((b) => CROCKFORD[b % 32]);
      return code.replace(/[^-]/g, () => symbols.shift() ?? '0');
    };
    const enrol = (c: string, address: string) =>
      http.post('device.enroll', { code: c, name: 'Till' }, from(address));

    it('refuses the eleventh wrong code from an address with 429, even the right one, and other addresses go on', async () => {
      for (let i = 0; i < 10; i++) expect((await enrol(guess(), '198.51.100.20')).status).toBe(404);
      const locked = await enrol(guess(), '198.51.100.20');
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await enrol(code, '198.51.100.20')).status).toBe(429);
      // The code was not spent by the refused attempt: a till elsewhere enrols with it.
      expect((await enrol(code, '198.51.100.21')).status).toBe(200);
    });

    it('lets batched requests try at most ten codes', async () => {
      const inputs = Array.from({ length: 200 }, () => ({ code: guess(), name: 'Till' }));
      const answer = await http.batch('device.enroll', inputs, from('198.51.100.22'));
      expect(count(answer.codes, 'NOT_FOUND')).toBe(10);
      expect(count(answer.codes, 'TOO_MANY_REQUESTS')).toBe(190);
      expect(Number(answer.retryAfter)).toBeGreaterThan(0);
    });

    it('shows HQ admins the address and its lockout', async () => {
      await addHqUser(t.db, 'boss@test.local', 'boss-password');
      const admin = await http.post(
        'hq.login',
        { email: 'boss@test.local', password: 'boss-password' },
        { 'x-forwarded-for': '192.0.2.1' },
      );
      await http.batch(
        'device.enroll',
        Array.from({ length: 12 }, () => ({ code: guess(), name: 'Till' })),
        from('2001:db8:7:7:1::5'),
      );
      const res = await http.get('hq.signInAttempts.recent', undefined, { cookie: cookieOf(admin) });
      const rows = ((await res.json()) as { result: { data: unknown[] } }).result.data;
      expect(rows).toEqual([
        expect.objectContaining({
          action: 'enrolment',
          scope: 'address',
          // An IPv6 client is counted by its /64, which one subscriber usually holds whole.
          key: '2001:db8:7:7::/64',
          failures: 10,
          lockedUntil: expect.stringMatching(/^\d{4}-/) as unknown,
        }),
      ]);
    });
  });
});
