import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../server/http';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { engines, openTestDb, skipEngine, type TestDb } from '../server/support/databases';
import { adminCaller, count, makeSale, saleOp, setUpChain } from '../server/support/chain';

type ErrorBody = { error: { message: string; data: { code: string; reason: string | null } } };

describe.each(engines)('a till whose token HQ revoked, on %s', (engine) => {
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

    const pull = (token: string) =>
      fetch(`${base}/trpc/sync.pull?input=${encodeURIComponent(JSON.stringify({ cursor: null }))}`, {
        headers: { authorization: `Bearer ${token}` },
      });

    it('is answered 401 device_revoked on every request, apart from a token never issued', async () => {
      const chain = await setUpChain(t.db);
      expect((await pull(chain.tillA.token)).status).toBe(200);
      const admin = await adminCaller(t.db);
      await admin.hq.revokeDevice({ deviceId: chain.tillA.deviceId });

      const revoked = await pull(chain.tillA.token);
      expect(revoked.status).toBe(401);
      expect(((await revoked.json()) as ErrorBody).error).toMatchObject({
        message: 'This till was disconnected by HQ: enrol it again',
        data: { code: 'UNAUTHORIZED', reason: 'device_revoked' },
      });
      const push = await fetch(`${base}/trpc/sync.push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${chain.tillA.token}` },
        body: JSON.stringify({
          deviceId: chain.tillA.deviceId,
          installId: uuidv7(),
          ops: [saleOp(1, makeSale())],
        }),
      });
      expect(push.status).toBe(401);
      expect(((await push.json()) as ErrorBody).error.data.reason).toBe('device_revoked');
      expect(await count(t.db, 'sales')).toBe(0);

      const forged = await pull('otd_never-issued');
      expect(forged.status).toBe(401);
      expect(((await forged.json()) as ErrorBody).error.data.reason).toBeNull();

      // The other store's till is untouched; HQ's overview no longer lists the revoked one.
      expect((await pull(chain.tillB.token)).status).toBe(200);
      expect((await admin.hq.stores()).devices.map((d) => d.name)).toEqual(['Till B1']);
    });
  });
});
