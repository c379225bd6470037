import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { classifyScan, defaultScanConfig, type ScanConfig } from '../../../shared/barcode';
import { applyPullPage, findProductByItemCode } from '../../../renderer/db/catalog';
import type { TillDb } from '../../../renderer/db/database';
import { activeScanConfig } from '../../../renderer/db/scanConfig';
import { enrolledTillDb } from './support';

/** Luhn: the digit that makes the whole number pass. */
function luhnComplete(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

const bankCard = luhnComplete('770012345678901');
const withBankCards: ScanConfig = {
  ...defaultScanConfig,
  loyaltySchemes: [
    ...defaultScanConfig.loyaltySchemes,
    { name: 'bank-partner', prefix: '7700', length: 16, check: 'luhn' },
  ],
};

const page = (cursor: string, changes: { topic: string; id: string; data: unknown }[]) => ({
  changes,
  cursor,
  hasMore: false,
});
const configChange = (version: number, config: unknown) => ({
  topic: 'scan_config',
  id: 'current',
  data: { version, config },
});

describe('the scan configuration the till reads with', () => {
  let db: TillDb;
  beforeEach(async () => {
    db = await enrolledTillDb();
  });
  afterEach(() => db.delete());

  it('recognizes a card of a scheme HQ added once the pull has brought it', async () => {
    expect(classifyScan(bankCard, await activeScanConfig(db)).kind).not.toBe('card');

    await applyPullPage(db, page('0.1', [configChange(2, withBankCards)]));

    expect(classifyScan(bankCard, await activeScanConfig(db))).toMatchObject({
      kind: 'card',
      number: bankCard,
    });
  });

  it('keeps the newer version when an older one comes again', async () => {
    await applyPullPage(db, page('0.2', [configChange(2, withBankCards)]));
    await applyPullPage(db, page('0.3', [configChange(1, defaultScanConfig)]));
    expect((await activeScanConfig(db)).loyaltySchemes).toHaveLength(2);
  });

  it('parks a configuration it cannot read, with the reason, and keeps reading with the one it had', async () => {
    const broken = {
      ...withBankCards,
      loyaltySchemes: [{ name: 'x', prefix: '7', length: 2, check: 'luhn' }],
    };
    const result = await applyPullPage(db, page('0.4', [configChange(3, broken)]));
    expect(result).toEqual({ stored: 0, parked: 1 });
    const parked = await db.parked.toArray();
    expect(parked[0]?.reason).toContain('loyaltySchemes[0].length');
    expect(await activeScanConfig(db)).toEqual(defaultScanConfig);
  });

  it('finds a pulled scale product by its item code', async () => {
    await applyPullPage(
      db,
      page('0.5', [
        {
          topic: 'product',
          id: 'p-plums',
          data: { id: 'p-plums', gtin: '2000777000002', name: 'Plums', priceMinor: 24900, itemCode: '00777' },
        },
      ]),
    );
    expect(await findProductByItemCode(db, '00777')).toMatchObject({ id: 'p-plums', name: 'Plums' });
    expect(await findProductByItemCode(db, '00778')).toBeUndefined();
  });
});
