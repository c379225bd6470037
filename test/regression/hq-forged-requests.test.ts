import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../server/http';
import { engines, openTestDb, skipEngine, type TestDb } from '../server/support/databases';
import { setUpChain, makeSale, saleOp } from '../server/support/chain';
import { addHqUser, cookieOf, startHqHttp, type HqHttp } from '../server/support/hqHttp';
import { uuidv7 } from '../../shared/domain/uuidv7';

const LOGIN = { email: 'boss@test.local', password: 'boss-password' };
const STORE = { code: 'EVIL-1', name: 'Forged', currency: 'RUB' };

/**
 * A page on another origin could change HQ with the admin's cookie: a multipart form post to a
 * mutation was accepted, and so was sign-out with a body that was not JSON. Now HQ calls that
 * change state must come from HQ's origin (403), be JSON (415) and parse (400).
 */
describe.each(engines)('forged HQ requests on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    let http: HqHttp;
    let cookie: string;
    beforeEach(async () => {
      t = await openTestDb(engine);
      await addHqUser(t.db, LOGIN.email, LOGIN.password);
      http = await startHqHttp(t.db, { HQ_ORIGINS: 'https://hq.example' });
      cookie = cookieOf(await http.post('hq.login', LOGIN, { origin: http.base }));
    });
    afterEach(async () => {
      await http.close();
      await t.dispose();
    });
    const storeCodes = async () =>
      (await t.db.kysely.selectFrom('stores').select('code').execute()).map((s) => s.code);
    const signedIn = async () => (await http.get('hq.me', undefined, { cookie })).status === 200;

    it('refuses a mutation with the cookie from another origin with 403 and changes nothing', async () => {
      const forged: Record<string, string>[] = [
        { origin: 'http://evil.example' },
        { origin: 'null' },
        { origin: http.base.replace('127.0.0.1', 'localhost') },
        { 'sec-fetch-site': 'cross-site' },
        { 'sec-fetch-site': 'same-site' },
        { referer: 'http://evil.example/page' },
      ];
      for (const headers of forged) {
        const res = await http.post('hq.createStore', STORE, { cookie, ...headers });
        expect(res.status, JSON.stringify(headers)).toBe(403);
        expect(((await res.json()) as { error: { data: { code: string } } }).error.data.code).toBe(
          'FORBIDDEN',
        );
      }
      expect((await http.post('hq.logout', {}, { cookie, origin: 'http://evil.example' })).status).toBe(403);
      expect(await storeCodes()).toEqual([]);
      expect(await signedIn()).toBe(true);
    });

    it("takes the same mutation from HQ's own origin and from HQ_ORIGINS", async () => {
      expect((await http.post('hq.createStore', STORE, { cookie, origin: http.base })).status).toBe(200);
      const other = { ...STORE, code: 'OK-2' };
      expect(
        (await http.post('hq.createStore', other, { cookie, origin: 'https://hq.example' })).status,
      ).toBe(200);
      expect(
        (
          await http.post(
            'hq.createStore',
            { ...STORE, code: 'OK-3' },
            { cookie, 'sec-fetch-site': 'same-origin' },
          )
        ).status,
      ).toBe(200);
      expect((await storeCodes()).sort()).toEqual(['EVIL-1', 'OK-2', 'OK-3']);
    });

    it('refuses form posts and text/plain with 415, from any origin', async () => {
      const form = new FormData();
      for (const [k, v] of Object.entries(STORE)) form.set(k, v);
      const bodies: [string | undefined, BodyInit][] = [
        [undefined, form],
        ['application/x-www-form-urlencoded', new URLSearchParams(STORE).toString()],
        ['text/plain', JSON.stringify(STORE)],
        ['text/plain;charset=UTF-8', JSON.stringify(STORE)],
      ];
      for (const [type, body] of bodies) {
        for (const path of ['hq.createStore', 'hq.logout']) {
          const res = await fetch(`${http.base}/trpc/${path}`, {
            method: 'POST',
            headers: { cookie, origin: http.base, ...(type ? { 'content-type': type } : {}) },
            body,
          });
          expect(res.status, `${path} ${type ?? 'multipart/form-data'}`).toBe(415);
        }
      }
      expect(await storeCodes()).toEqual([]);
      expect(await signedIn()).toBe(true);
    });

    it('refuses a body that is not JSON with 400, even where the procedure takes no input', async () => {
      for (const path of ['hq.logout', 'hq.createStore']) {
        const res = await http.post(path, '{"code":', { cookie, origin: http.base });
        expect(res.status, path).toBe(400);
      }
      expect(await signedIn()).toBe(true);
      expect(await storeCodes()).toEqual([]);
    });

    it('still serves tills calling from their own origin with a bearer token', async () => {
      const chain = await setUpChain(t.db);
      const res = await http.post(
        'sync.push',
        { deviceId: chain.tillA.deviceId, installId: uuidv7(), ops: [saleOp(1, makeSale())] },
        { authorization: `Bearer ${chain.tillA.token}`, origin: 'app://omnitill' },
      );
      expect(res.status).toBe(200);
    });
  });
});

describe('security headers on every HQ answer', () => {
  let t: TestDb;
  let server: Server;
  let base: string;
  let dist: string;
  beforeEach(async () => {
    t = await openTestDb('sqlite');
    dist = mkdtempSync(join(tmpdir(), 'omnitill-dist-'));
    mkdirSync(join(dist, 'hq'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'hq', 'index.html'), '<!doctype html><title>OmniTill HQ</title>');
    writeFileSync(join(dist, 'assets', 'hq-1.js'), 'console.log(1)');
    server = createHttpServer({ db: t.db, rendererDist: dist });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await t.dispose();
    rmSync(dist, { recursive: true, force: true });
  });

  it('sets CSP, frame, sniffing and referrer policies on pages, assets, API answers and errors', async () => {
    const answers = [
      await fetch(`${base}/hq/`),
      await fetch(`${base}/assets/hq-1.js`),
      await fetch(`${base}/trpc/hq.me`),
      await fetch(`${base}/trpc/hq.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"email":"x@y.z","password":"p"}',
      }),
      await fetch(`${base}/nowhere`),
      await fetch(`${base}/`, { redirect: 'manual' }),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 200, 401, 401, 404, 302]);
    for (const res of answers) {
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, res.url).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
    expect(answers[2]?.headers.get('cache-control')).toBe('no-store');
  });
});
