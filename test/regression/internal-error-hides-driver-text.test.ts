import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hashPassword } from '../../server/auth/secrets';
import { createHttpServer } from '../../server/http';
import { logger } from '../../server/log';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { engines, openTestDb, skipEngine, type TestDb } from '../server/support/databases';
import { setUpChain } from '../server/support/chain';

describe.each(engines)('a 500 on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    let server: Server;
    let base: string;
    let logged: string[];
    beforeEach(async () => {
      t = await openTestDb(engine);
      server = createHttpServer({ db: t.db });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      logged = [];
      // What the operator's log receives: the error id, where, and the driver's own message.
      vi.spyOn(logger, 'error').mockImplementation(((fields: {
        err?: unknown;
        errorId?: string;
        where?: string;
      }) => {
        const err = fields.err;
        logged.push(
          `internal error ${fields.errorId ?? ''} in ${fields.where ?? ''}: ${err instanceof Error ? `${err.message} ${String(err.cause)}` : String(err)}`,
        );
      }) as never);
    });
    afterEach(async () => {
      vi.restoreAllMocks();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await t.dispose();
    });

    const signIn = async () => {
      await t.db.kysely
        .insertInto('hq_users')
        .values({
          id: uuidv7(),
          email: 'admin@test.local',
          name: 'Admin',
          role: 'admin',
          password_hash: await hashPassword('pw-123456789'),
          created_at: new Date().toISOString(),
        })
        .execute();
      const login = await fetch(`${base}/trpc/hq.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@test.local', password: 'pw-123456789' }),
      });
      return (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    };

    it('answers a database failure with a generic message and an error id, and logs the detail', async () => {
      await setUpChain(t.db);
      const cookie = await signIn();
      await sql`drop table quarantined_ops`.execute(t.db.kysely);

      const res = await fetch(`${base}/trpc/hq.stores`, { headers: { cookie } });
      expect(res.status).toBe(500);
      const text = await res.text();
      for (const leak of [
        'quarantined_ops',
        'no such table',
        'does not exist',
        'select',
        'SQLITE',
        'relation',
      ]) {
        expect(text.toLowerCase()).not.toContain(leak.toLowerCase());
      }
      const body = JSON.parse(text) as {
        error: { message: string; data: { errorId: string; code: string } };
      };
      expect(body.error.data.code).toBe('INTERNAL_SERVER_ERROR');
      expect(body.error.message).toBe(`Internal server error (error id ${body.error.data.errorId})`);
      // The operator finds the driver's words in the log under the id the user quotes.
      const entry = logged.find((line) => line.includes(body.error.data.errorId));
      expect(entry).toContain('quarantined_ops');
    });

    it('a plain HTTP handler that throws answers without the exception’s text and keeps serving', async () => {
      const res = await fetch(`${base}/hq/%`);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(await res.text()).not.toContain('URI malformed');
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
    });
  });
});
