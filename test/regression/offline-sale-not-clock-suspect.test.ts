import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { createContextInner } from '../../server/trpc/context';
import { engines, openTestDb, skipEngine, type TestDb } from '../server/support/databases';
import { createCaller, makeSale, saleOp, setUpChain } from '../server/support/chain';

const HOUR = 3_600_000;
const MINUTE = 60_000;
/** The product's rule: a till clock off by more than five minutes is flagged. */
const CLOCK_SUSPECT_MS = 5 * MINUTE;

/**
 * A sale confirmed offline and synced an hour later was stored `clock_suspect`, and HQ's clock
 * column showed how long the sale had waited. The clock is judged by the push's send time now;
 * the wait is its own figure.
 */
describe.each(engines)('offline delay is not clock skew on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    let chain: Awaited<ReturnType<typeof setUpChain>>;
    beforeEach(async () => {
      t = await openTestDb(engine);
      chain = await setUpChain(t.db);
    });
    afterEach(() => t.dispose());

    const hq = () =>
      createCaller(
        createContextInner({ db: t.db, hqUser: { id: 'u', email: 'a@b.c', name: 'A', role: 'analyst' } }),
      );
    const deviceHealth = async (deviceId: string) =>
      (await hq().hq.stores()).devices.find((d) => d.id === deviceId)!;
    const flagOf = async (saleId: string) =>
      (
        await t.db.kysely
          .selectFrom('sales')
          .select('clock_suspect')
          .where('id', '=', saleId)
          .executeTakeFirstOrThrow()
      ).clock_suspect;

    it('does not flag a sale held offline for an hour by a till with a correct clock', async () => {
      const sale = makeSale({ wallTime: new Date(Date.now() - HOUR).toISOString() });
      const answer = await chain.tillA.caller.sync.push({
        deviceId: chain.tillA.deviceId,
        installId: uuidv7(),
        ops: [saleOp(1, sale)],
        sentAt: new Date().toISOString(),
      });
      expect(answer.results[0]?.status).toBe('applied');
      expect(await flagOf(sale.saleId)).toBe(0);

      const health = await deviceHealth(chain.tillA.deviceId);
      expect(Math.abs(health.clockSkewMs!)).toBeLessThan(CLOCK_SUSPECT_MS);
      expect(health.offlineDelayMs).toBeGreaterThanOrEqual(HOUR - MINUTE);
      expect(health.offlineDelayMs).toBeLessThan(HOUR + 10 * MINUTE);
    });

    it('flags a till whose clock is ten minutes ahead, and still records its sale', async () => {
      const tillNow = () => new Date(Date.now() + 10 * MINUTE).toISOString();
      const sale = makeSale({ wallTime: tillNow() });
      const answer = await chain.tillA.caller.sync.push({
        deviceId: chain.tillA.deviceId,
        installId: uuidv7(),
        ops: [saleOp(1, sale)],
        sentAt: tillNow(),
      });
      expect(answer.results[0]?.status).toBe('applied');
      expect(await flagOf(sale.saleId)).toBe(1);

      const health = await deviceHealth(chain.tillA.deviceId);
      expect(health.clockSkewMs).toBeGreaterThan(CLOCK_SUSPECT_MS);
      // The sale was sent the moment it was made: it did not wait, whatever the till's clock says.
      expect(health.offlineDelayMs).toBeLessThan(MINUTE);
    });

    it('flags a till whose clock is ten minutes behind', async () => {
      const tillNow = () => new Date(Date.now() - 10 * MINUTE).toISOString();
      const sale = makeSale({ wallTime: tillNow() });
      await chain.tillA.caller.sync.push({
        deviceId: chain.tillA.deviceId,
        installId: uuidv7(),
        ops: [saleOp(1, sale)],
        sentAt: tillNow(),
      });
      expect(await flagOf(sale.saleId)).toBe(1);
      expect((await deviceHealth(chain.tillA.deviceId)).clockSkewMs).toBeLessThan(-CLOCK_SUSPECT_MS);
    });

    it('does not guess from wall time when an older till sends no send time', async () => {
      const sale = makeSale({ wallTime: new Date(Date.now() - HOUR).toISOString() });
      const answer = await chain.tillA.caller.sync.push({
        deviceId: chain.tillA.deviceId,
        installId: uuidv7(),
        ops: [saleOp(1, sale)],
      });
      expect(answer.results[0]?.status).toBe('applied');
      expect(await flagOf(sale.saleId)).toBe(0);
      expect(await deviceHealth(chain.tillA.deviceId)).toMatchObject({
        clockSkewMs: null,
        offlineDelayMs: null,
      });
    });
  });
});
