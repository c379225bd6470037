import { defaultScanConfig } from '../../../shared/barcode';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { applyPullPage } from '../../../renderer/db/catalog';
import { openTillDb } from '../../../renderer/db/database';
import { getMeta } from '../../../renderer/db/meta';

/** Runs inside Chromium: stores one pull page holding `unknown` changes of topics this app lacks. */
async function applyPage(unknown: number) {
  const db = openTillDb(`regression-${uuidv7()}`);
  await db.open();
  const changes = [
    { topic: 'product', id: 'p1', data: { id: 'p1', gtin: '4601234567893', name: 'Milk', priceMinor: 8990 } },
    ...Array.from({ length: unknown }, (_, i) => ({ topic: 'from_the_future', id: `f${i}`, data: { i } })),
    { topic: 'scan_config', id: 'current', data: { version: 2, config: defaultScanConfig } },
  ];
  try {
    const result = await applyPullPage(db, { changes, cursor: '7.9', hasMore: false });
    return {
      result,
      cursor: await getMeta(db, 'pullCursor'),
      configVersion: (await getMeta(db, 'scanConfig'))?.version ?? null,
      error: null,
    };
  } catch (error) {
    return { result: null, cursor: null, configVersion: null, error: String(error) };
  } finally {
    await db.delete();
  }
}

(globalThis as unknown as { omnitillRegression: unknown }).omnitillRegression = { applyPage };
