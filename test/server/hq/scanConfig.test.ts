import { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultScanConfig, type ScanConfigInput } from '../../../shared/barcode';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { adminCaller, setUpChain } from '../support/chain';

/** The default configuration plus a 16-digit Luhn card scheme a partner bank prints. */
const withBankCards: ScanConfigInput = {
  ...defaultScanConfig,
  loyaltySchemes: [
    ...defaultScanConfig.loyaltySchemes,
    { name: 'bank-partner', prefix: '7700', length: 16, check: 'luhn' },
  ],
};

async function refusal(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error('the call was not refused');
}

describe.each(engines)('scan configuration from HQ on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    let chain: Awaited<ReturnType<typeof setUpChain>>;
    beforeEach(async () => {
      t = await openTestDb(engine);
      chain = await setUpChain(t.db);
    });
    afterEach(() => t.dispose());

    it('shows the defaults as version 0 until HQ saves one', async () => {
      const admin = await adminCaller(t.db);
      expect(await admin.hq.scanConfig()).toMatchObject({ version: 0, config: defaultScanConfig });
    });

    it('numbers each saved configuration and refuses a save on top of a stale version', async () => {
      const admin = await adminCaller(t.db);
      expect(await admin.hq.saveScanConfig({ baseVersion: 0, config: defaultScanConfig })).toEqual({
        version: 1,
      });
      expect(await admin.hq.saveScanConfig({ baseVersion: 1, config: withBankCards })).toEqual({
        version: 2,
      });

      // A second editor still showing version 1 would overwrite version 2 without seeing it.
      const stale = await refusal(admin.hq.saveScanConfig({ baseVersion: 1, config: defaultScanConfig }));
      expect(stale.code).toBe('CONFLICT');
      expect(stale.message).toContain('Version 2');

      const current = await admin.hq.scanConfig();
      expect(current.version).toBe(2);
      expect(current.config.loyaltySchemes.map((s) => s.name)).toEqual(['store-card', 'bank-partner']);
      const versions = await t.db.kysely
        .selectFrom('scan_configs')
        .select('version')
        .orderBy('version')
        .execute();
      expect(versions.map((v) => Number(v.version))).toEqual([1, 2]);
    });

    it('sends the configuration in force to the tills of every store', async () => {
      const admin = await adminCaller(t.db);
      await admin.hq.saveScanConfig({ baseVersion: 0, config: defaultScanConfig });
      await admin.hq.saveScanConfig({ baseVersion: 1, config: withBankCards });

      for (const till of [chain.tillA, chain.tillB]) {
        const page = await till.caller.sync.pull({ cursor: null, limit: 500 });
        const configs = page.changes.filter((c) => c.topic === 'scan_config');
        // Both versions travel in order; the till keeps the last one under the same row id.
        expect(configs.map((c) => c.id)).toEqual(['current', 'current']);
        expect(configs.at(-1)?.data).toMatchObject({
          version: 2,
          config: { loyaltySchemes: [{ name: 'store-card' }, { name: 'bank-partner', prefix: '7700' }] },
        });
      }
    });

    it('refuses an invalid configuration with what is wrong and where, and keeps the one in force', async () => {
      const admin = await adminCaller(t.db);
      await admin.hq.saveScanConfig({ baseVersion: 0, config: defaultScanConfig });
      const invalid = {
        ...defaultScanConfig,
        loyaltySchemes: [{ name: 'club', prefix: 'AB', length: 16, check: 'luhn' }],
        inStoreRules: [
          ...defaultScanConfig.inStoreRules,
          {
            name: 'overlapping',
            prefix: '210',
            itemCode: { first: 4, last: 8 },
            valueKind: 'weight_grams',
            value: { first: 9, last: 12 },
            priceCheckDigit: false,
          },
        ],
      };
      const error = await refusal(admin.hq.saveScanConfig({ baseVersion: 1, config: invalid }));
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message.split('\n')).toEqual([
        'loyaltySchemes[0].prefix: a check-digit scheme has a digits-only prefix',
        'inStoreRules[0]: prefix overlaps rule 3',
      ]);
      expect((await admin.hq.scanConfig()).version).toBe(1);
      const pulled = await chain.tillA.caller.sync.pull({ cursor: null, limit: 500 });
      expect(pulled.changes.filter((c) => c.topic === 'scan_config')).toHaveLength(1);
    });
  });
});
