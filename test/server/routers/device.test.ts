import { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashSecret } from '../../../server/auth/secrets';
import { createEnrolmentCode } from '../../../server/devices/enrolment';
import { createStore } from '../../../server/hq/stores';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { publicCaller, saleOp } from '../support/chain';

describe.each(engines)('device enrolment on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    let storeId: string;
    beforeEach(async () => {
      t = await openTestDb(engine);
      const store = await createStore(t.db, { code: 'S-1', name: 'Store One', currency: 'RUB' });
      if (!store.ok) throw new Error('store');
      storeId = store.id;
    });
    afterEach(() => t.dispose());

    it('exchanges a fresh code for a token that is stored only as a hash', async () => {
      const { code } = await createEnrolmentCode(t.db, storeId, 60);
      const result = await publicCaller(t.db).device.enroll({ code: code.toLowerCase(), name: 'Till 1' });
      expect(result.store).toMatchObject({ id: storeId, code: 'S-1', currency: 'RUB' });
      expect(result.token).toMatch(/^otd_/);
      const row = await t.db.kysely
        .selectFrom('devices')
        .selectAll()
        .where('id', '=', result.deviceId)
        .executeTakeFirstOrThrow();
      expect(row.token_hash).toBe(hashSecret(result.token));
      expect(row.token_hash).not.toContain(result.token);
      const codes = await t.db.kysely.selectFrom('enrolment_codes').select('code_hash').execute();
      expect(codes.map((c) => c.code_hash)).not.toContain(code);
    });

    it('refuses a used code', async () => {
      const { code } = await createEnrolmentCode(t.db, storeId, 60);
      await publicCaller(t.db).device.enroll({ code, name: 'Till 1' });
      await expect(publicCaller(t.db).device.enroll({ code, name: 'Till 2' })).rejects.toMatchObject({
        code: 'FORBIDDEN',
        message: expect.stringContaining('already used') as unknown,
      });
      expect(await t.db.kysely.selectFrom('devices').select('id').execute()).toHaveLength(1);
    });

    it('refuses an expired code', async () => {
      const { code } = await createEnrolmentCode(t.db, storeId, 5, new Date(Date.now() - 10 * 60_000));
      const error = await publicCaller(t.db)
        .device.enroll({ code, name: 'Till 1' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TRPCError);
      expect(error).toMatchObject({
        code: 'FORBIDDEN',
        message: expect.stringContaining('expired') as unknown,
      });
      expect(await t.db.kysely.selectFrom('devices').select('id').execute()).toHaveLength(0);
    });

    it('refuses a wrong code', async () => {
      await createEnrolmentCode(t.db, storeId, 60);
      await expect(
        publicCaller(t.db).device.enroll({ code: 'ZZZZ-ZZZZ', name: 'Till 1' }),
      ).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    });

    it('lets only one of two tills racing with one code enrol', async () => {
      const { code } = await createEnrolmentCode(t.db, storeId, 60);
      const results = await Promise.allSettled([
        publicCaller(t.db).device.enroll({ code, name: 'Till 1' }),
        publicCaller(t.db).device.enroll({ code, name: 'Till 2' }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(await t.db.kysely.selectFrom('devices').select('id').execute()).toHaveLength(1);
    });

    it('refuses device procedures without a token', async () => {
      await expect(publicCaller(t.db).device.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
      await expect(
        publicCaller(t.db).sync.push({
          deviceId: '00000000-0000-7000-8000-000000000000',
          installId: '00000000-0000-7000-8000-000000000000',
          ops: [saleOp(1)],
        }),
      ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    });
  });
});
