import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_NAME } from '../../renderer/db/database';
import { demoProducts } from '../../server/seed/demoData';
import { chromiumMissing, screenshot } from './support/browser';
import { startTillRig, type TillRig } from './support/tillRig';

const products = demoProducts(300);

type Upgrade = { from: number; to: number; blocked: boolean; stores: string[] };

/**
 * What a newer build does to the till's database when it loads: opens it at a higher version and
 * adds a store in the upgrade transaction. Done with IndexedDB itself rather than a second build of
 * the app, so nothing test-only ships in the store app; to the windows already open it is the same
 * `versionchange` a newer build's Dexie causes.
 */
function upgradeDatabase(page: Page): Promise<Upgrade> {
  return page.evaluate(async (name) => {
    const open = (version?: number, upgrade?: (db: IDBDatabase) => void) =>
      new Promise<{ db: IDBDatabase; blocked: boolean }>((resolve, reject) => {
        const request = version === undefined ? indexedDB.open(name) : indexedDB.open(name, version);
        let blocked = false;
        request.onblocked = () => (blocked = true);
        request.onupgradeneeded = () => upgrade?.(request.result);
        request.onsuccess = () => resolve({ db: request.result, blocked });
        request.onerror = () => reject(request.error ?? new Error('open failed'));
      });
    const probe = await open();
    const from = probe.db.version;
    probe.db.close();
    const next = await open(from + 10, (db) => db.createObjectStore('drafts', { keyPath: 'id' }));
    const result = {
      from,
      to: next.db.version,
      blocked: next.blocked,
      stores: [...next.db.objectStoreNames],
    };
    next.db.close();
    return result;
  }, DB_NAME);
}

describe.skipIf(chromiumMissing)('two windows of one till while a newer build upgrades the database', () => {
  let rig: TillRig;
  beforeAll(async () => {
    rig = await startTillRig('upgrade');
  });
  afterAll(() => rig?.close());

  let sold = 0;
  async function sell(page: Page, gtin: string) {
    const input = page.getByTestId('scan-input');
    await input.fill(gtin);
    await input.press('Enter');
    await expect.poll(() => page.getByTestId('cart-lines').count(), { timeout: 15_000 }).toBe(1);
    await page.getByTestId('confirm').click();
    await expect.poll(() => page.getByTestId('cart-lines').count(), { timeout: 15_000 }).toBe(0);
    expect(await page.getByRole('alert').count()).toBe(0);
    sold += 1;
  }

  it('lets the upgrade through at once, and both windows keep recording sales that reach the server once', async () => {
    const first = await rig.context.newPage();
    await first.goto(rig.storeUrl);
    await first.getByTestId('enrol-code').fill(rig.server.enrolmentCode('SPB-01'));
    await first.getByTestId('enrol-submit').click();
    const second = await rig.context.newPage();
    for (const page of [first, second]) {
      if (page === second) await second.goto(rig.storeUrl);
      await expect
        .poll(() => page.getByTestId('status-bar').innerText(), { timeout: 30_000 })
        .toContain('300 / 300');
    }

    const answers: string[] = [];
    for (const page of [first, second]) {
      page.on('response', (response) => {
        if (response.url().includes('/trpc/sync.push'))
          void response.text().then((body) => answers.push(body));
      });
    }

    await sell(first, products[0]!.gtin);
    await sell(second, products[1]!.gtin);

    // The upgrade starts while the second window is confirming a sale.
    const [upgrade] = await Promise.all([upgradeDatabase(first), sell(second, products[2]!.gtin)]);
    expect(upgrade.to).toBeGreaterThan(upgrade.from);
    expect(upgrade.stores).toContain('drafts');
    expect(upgrade.stores).toContain('outbox');
    // Both windows closed their connections when asked, so the newer build did not wait.
    expect(upgrade.blocked).toBe(false);

    for (let i = 0; i < 3; i++) {
      await sell(second, products[10 + i]!.gtin);
      await sell(first, products[20 + i]!.gtin);
    }
    await screenshot(second, 'after-upgrade');

    for (const page of [first, second]) {
      await expect
        .poll(() => page.getByTestId('pending').innerText(), { timeout: 70_000, interval: 500 })
        .toMatch(/: 0\b/);
    }
    // Each answer's body is read after its response event, so the last may come in a moment later.
    const statuses = () =>
      answers.flatMap((body) => [...body.matchAll(/"status":"(\w+)"/g)].map((m) => m[1]));
    await expect
      .poll(() => statuses().filter((s) => s === 'applied'), { timeout: 15_000 })
      .toHaveLength(sold);
    // No gap, no reused seq, no rejection: one sequence across both windows and the upgrade.
    expect(statuses().filter((s) => s !== 'applied' && s !== 'duplicate')).toEqual([]);
    // The windows now work on the upgraded database, at its new version.
    const version = await second.evaluate(
      (name) =>
        new Promise<number>((resolve) => {
          const request = indexedDB.open(name);
          request.onsuccess = () => {
            resolve(request.result.version);
            request.result.close();
          };
        }),
      DB_NAME,
    );
    expect(version).toBe(upgrade.to);
  });
});
