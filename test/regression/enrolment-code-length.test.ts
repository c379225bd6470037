import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from '../../server/hq/stores';
import { parseEnrolmentCode } from '../../shared/barcode';
import { adminCaller } from '../server/support/chain';
import { openTestDb, type TestDb } from '../server/support/databases';

/**
 * HQ's enrolment codes were eight symbols (40 bits): at the old unlimited rate a day of guessing
 * found one. They are now sixteen (fifteen random, 75 bits, and a check symbol), which the till's
 * enrolment screen reads as issued.
 */
describe('enrolment code length', () => {
  let t: TestDb;
  afterEach(() => t.dispose());

  it('issues sixteen-symbol codes in four groups that the till reads back unchanged', async () => {
    t = await openTestDb('sqlite');
    const store = await createStore(t.db, { code: 'S-1', name: 'Store', currency: 'RUB' });
    if (!store.ok) throw new Error('no store');
    const admin = await adminCaller(t.db);
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const { code } = await admin.hq.createEnrolmentCode({ storeId: store.id });
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
      expect(parseEnrolmentCode(code)).toBe(code);
      expect(parseEnrolmentCode(code.toLowerCase().replace(/-/g, ''))).toBe(code);
      seen.add(code);
    }
    expect(seen.size).toBe(20);
  });
});
