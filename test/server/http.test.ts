import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/secrets';
import { createHttpServer } from '../../server/http';
import { engines, openTestDb, skipEngine, type TestDb } from './support/databases';
import { makeSale, saleOp, setUpChain } from './support/chain';
import { uuidv7 } from '../../shared/domain/uuidv7';

describe.each(engines)('HTTP server on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    let server: Server;
    let base: string;
    beforeEach(async () => {
      t = await openTestDb(engine);
      server = createHttpServer({ db: t.db });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterEach(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await t.dispose();
    });

    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${base}/trpc/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const get = (path: string, input: unknown, headers: Record<string, string> = {}) =>
      fetch(`${base}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers });

    it('answers /healthz with the engine in use', async () => {
      const res = await fetch(`${base}/healthz`);
      expect(await res.json()).toEqual({ ok: true, db: engine });
    });

    it('takes plain JSON pushes with a bearer token and answers plain JSON', async () => {
      const chain = await setUpChain(t.db);
      const op = saleOp(1, makeSale({}, [[12345, 1000]]));
      const res = await post(
        'sync.push',
        { deviceId: chain.tillA.deviceId, installId: uuidv7(), ops: [op] },
        { authorization: `Bearer ${chain.tillA.token}`, origin: 'app://omnitill' },
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      const body = (await res.json()) as { result: { data: { results: { status: string }[] } } };
      expect(body.result.data.results[0]?.status).toBe('applied');
    });

    it('answers malformed input with 400, the zod issues and no stack trace', async () => {
      const chain = await setUpChain(t.db);
      const res = await post(
        'sync.push',
        { deviceId: 'nope', ops: 'x' },
        { authorization: `Bearer ${chain.tillA.token}` },
      );
      expect(res.status).toBe(400);
      const body = (await res.json()) as {
        error: { data: { code: string; zodIssues: { path: string[] }[]; stack?: string } };
      };
      expect(body.error.data.code).toBe('BAD_REQUEST');
      expect(body.error.data.zodIssues.map((i) => i.path[0])).toEqual(
        expect.arrayContaining(['deviceId', 'installId', 'ops']),
      );
      expect(body.error.data.stack).toBeUndefined();
    });

    it('refuses an unknown token with 401', async () => {
      const res = await get('sync.pull', { cursor: null }, { authorization: 'Bearer otd_forged' });
      expect(res.status).toBe(401);
    });

    it('signs an HQ user in with a cookie and shows a card holder purchases newest first', async () => {
      const chain = await setUpChain(t.db);
      const installId = uuidv7();
      const first = makeSale({ receiptNo: 'A1-000001' }, [[8990, 2000]]);
      const second = makeSale({ receiptNo: 'A1-000002' }, [
        [19900, 1250],
        [5490, 1000],
      ]);
      await chain.tillA.caller.sync.push({
        deviceId: chain.tillA.deviceId,
        installId,
        ops: [saleOp(1, first)],
      });
      await new Promise((r) => setTimeout(r, 5));
      await chain.tillA.caller.sync.push({
        deviceId: chain.tillA.deviceId,
        installId,
        ops: [saleOp(2, second)],
      });
      await t.db.kysely
        .insertInto('hq_users')
        .values({
          id: uuidv7(),
          email: 'analyst@test.local',
          name: 'Analyst',
          role: 'analyst',
          password_hash: await hashPassword('pw-123456'),
          created_at: new Date().toISOString(),
        })
        .execute();

      expect((await get('hq.customerPurchases', { query: '9900000000017' })).status).toBe(401);
      const bad = await post('hq.login', { email: 'analyst@test.local', password: 'wrong' });
      expect(bad.status).toBe(401);
      const login = await post('hq.login', { email: 'Analyst@test.local', password: 'pw-123456' });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);

      const res = await get(
        'hq.customerPurchases',
        { query: '9900000000017' },
        { cookie: cookie.split(';')[0]! },
      );
      const body = (await res.json()) as {
        result: {
          data: {
            customer: { displayName: string };
            purchases: { receiptNo: string; totalMinor: number; storeName: string; lines: unknown[] }[];
          };
        };
      };
      const data = body.result.data;
      expect(data.customer.displayName).toBe('Anna Petrova');
      expect(data.purchases.map((p) => p.receiptNo)).toEqual(['A1-000002', 'A1-000001']);
      expect(data.purchases.map((p) => p.totalMinor)).toEqual([24875 + 5490, 17980]);
      expect(data.purchases[0]?.storeName).toBe('Store A');
      expect(data.purchases[0]?.lines).toHaveLength(2);

      // The same customer is found by phone and by email.
      for (const query of ['8 (912) 000-00-01', 'ANNA@example.com']) {
        const r = await get('hq.customerPurchases', { query }, { cookie: cookie.split(';')[0]! });
        const d = (await r.json()) as { result: { data: { purchases: unknown[] } } };
        expect(d.result.data.purchases).toHaveLength(2);
      }
      // An analyst may look, not administer.
      const forbidden = await post(
        'hq.createStore',
        { code: 'X-1', name: 'X', currency: 'RUB' },
        { cookie: cookie.split(';')[0]! },
      );
      expect(forbidden.status).toBe(403);
    });
  });
});
