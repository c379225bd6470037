import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engines, openTestDb, skipEngine, type TestDb } from '../server/support/databases';
import { addHqUser, cookieOf, startHqHttp, type HqHttp } from '../server/support/hqHttp';

const LOGIN = { email: 'boss@test.local', password: 'boss-password' };

/**
 * The session cookie was never Secure, lived a week in the browser, and signing in kept an old
 * session alive. Now: Secure and `__Host-` over TLS (a setting, or X-Forwarded-Proto from a trusted
 * proxy only), a browser-session cookie, a new id at each sign-in, and sign-out ends it on the server.
 */
describe.each(engines)('HQ session cookie on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    const servers: HqHttp[] = [];
    const start = async (env: Record<string, string> = {}) => {
      const http = await startHqHttp(t.db, env);
      servers.push(http);
      return http;
    };
    beforeEach(async () => {
      t = await openTestDb(engine);
      await addHqUser(t.db, LOGIN.email, LOGIN.password);
    });
    afterEach(async () => {
      for (const s of servers.splice(0)) await s.close();
      await t.dispose();
    });

    it('over plain HTTP: HttpOnly, SameSite=Strict, Path=/, not Secure and not persistent', async () => {
      const http = await start();
      const res = await http.post('hq.login', LOGIN);
      const cookie = res.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/^omnitill_hq=ots_[\w-]+; /);
      expect(cookie.split('; ').slice(1).sort()).toEqual(['HttpOnly', 'Path=/', 'SameSite=Strict']);
    });

    const tlsSettings: Record<string, string>[] = [
      { SECURE_COOKIES: '1' },
      { PUBLIC_URL: 'https://hq.example' },
    ];
    for (const env of tlsSettings) {
      it(`with ${Object.keys(env)[0]}: __Host- prefixed and Secure, and it signs the user in`, async () => {
        const http = await start(env);
        const res = await http.post('hq.login', LOGIN);
        const cookie = res.headers.get('set-cookie') ?? '';
        expect(cookie).toMatch(/^__Host-omnitill_hq=ots_[\w-]+; /);
        expect(cookie.split('; ').slice(1).sort()).toEqual([
          'HttpOnly',
          'Path=/',
          'SameSite=Strict',
          'Secure',
        ]);
        expect(cookie).not.toMatch(/Domain=/i);
        expect((await http.get('hq.me', undefined, { cookie: cookieOf(res) })).status).toBe(200);
        // The unprefixed name is not read where the prefixed one is expected.
        const plain = cookieOf(res).replace('__Host-', '');
        expect((await http.get('hq.me', undefined, { cookie: plain })).status).toBe(401);
      });
    }

    it('believes X-Forwarded-Proto only from a trusted proxy', async () => {
      const direct = await start();
      const spoofed = await direct.post('hq.login', LOGIN, { 'x-forwarded-proto': 'https' });
      expect(spoofed.headers.get('set-cookie')).not.toMatch(/Secure|__Host-/);
      const proxied = await start({ TRUSTED_PROXIES: '127.0.0.0/8' });
      const https = await proxied.post('hq.login', LOGIN, { 'x-forwarded-proto': 'https' });
      expect(https.headers.get('set-cookie')).toMatch(/^__Host-omnitill_hq=.*; Secure/);
      expect(https.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      const http = await proxied.post('hq.login', LOGIN, { 'x-forwarded-proto': 'http' });
      expect(http.headers.get('set-cookie')).not.toMatch(/Secure/);
    });

    it('issues a new session id at sign-in and ends the one the browser held', async () => {
      const http = await start();
      const first = cookieOf(await http.post('hq.login', LOGIN));
      const second = await http.post('hq.login', LOGIN, { cookie: first });
      expect(cookieOf(second)).not.toBe(first);
      expect((await http.get('hq.me', undefined, { cookie: first })).status).toBe(401);
      expect((await http.get('hq.me', undefined, { cookie: cookieOf(second) })).status).toBe(200);
    });

    it('ends the session on the server at sign-out, so a copied cookie stops working', async () => {
      const http = await start();
      const cookie = cookieOf(await http.post('hq.login', LOGIN));
      const out = await http.post('hq.logout', {}, { cookie });
      expect(out.status).toBe(200);
      expect(out.headers.get('set-cookie')).toMatch(/^omnitill_hq=; .*Max-Age=0/);
      expect((await http.get('hq.me', undefined, { cookie })).status).toBe(401);
    });
  });
});
