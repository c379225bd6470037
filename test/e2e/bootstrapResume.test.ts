import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Db } from '../../server/db/connect';
import { appendChanges, type Change } from '../../server/sync/changeLog';
import { demoCardNumber } from '../../server/seed/demoData';
import { chromiumMissing, screenshot } from './support/browser';
import { startTillRig, type TillRig } from './support/tillRig';

// More cards than one snapshot part holds, so the bootstrap takes several requests.
const CARDS = 60_000;
const FIRST_SERIAL = 500_000;
const cardAt = (i: number) => {
  const number = demoCardNumber(FIRST_SERIAL + i);
  return {
    number,
    customerId: `bulk-${i}`,
    maskedName: `Bulk ${i} K.`,
    status: 'active' as 'active' | 'blocked',
  };
};
const cardChange = (card: ReturnType<typeof cardAt>): Change => ({
  topic: 'card',
  entityId: card.number,
  storeId: null,
  data: card,
});

describe.skipIf(chromiumMissing)('a new till bootstraps from a snapshot', () => {
  let rig: TillRig;
  let db: Db;
  beforeAll(async () => {
    rig = await startTillRig('bootstrap');
    // The server's own database file, as HQ's card loads would fill it.
    db = connect({ dialect: 'sqlite', dataDir: rig.dataDir });
    const now = new Date().toISOString();
    for (let start = 0; start < CARDS; start += 10_000) {
      const changes = Array.from({ length: 10_000 }, (_, k) => cardChange(cardAt(start + k)));
      await db.kysely.transaction().execute((trx) => appendChanges(trx, changes, now));
    }
  });
  afterAll(async () => {
    await db?.close();
    await rig?.close();
  });

  /** Scans a card onto an empty basket, taking off the card scanned before. */
  async function scan(page: Page, code: string) {
    const remove = page.getByRole('button', { name: 'Remove card' });
    if ((await remove.count()) > 0) await remove.click();
    const input = page.getByTestId('scan-input');
    await input.fill(code);
    await input.press('Enter');
    await expect.poll(() => page.getByTestId('customer').innerText(), { timeout: 15_000 }).toContain(code);
    return page.getByTestId('customer').innerText();
  }

  it('shows its progress, resumes after a reload, finds cards, and applies later changes and erasures', async () => {
    // Parts are counted as the till asks for them; the second is held until the page reloads.
    const asked: number[] = [];
    let held: Route | null = null;
    let holding = true;
    await rig.context.route(/\/sync\/snapshot\/[^/]+\/\d+$/, async (route) => {
      const index = Number(/(\d+)$/.exec(route.request().url())![1]);
      asked.push(index);
      if (holding && index === 1) {
        held = route;
        return;
      }
      await route.continue();
    });

    const page = await rig.context.newPage();
    await page.goto(rig.storeUrl);
    await page.getByTestId('enrol-code').fill(rig.server.enrolmentCode('MSK-01'));
    await page.getByTestId('enrol-name').fill('New till');
    await page.getByTestId('enrol-submit').click();

    // The first part is stored: rows, percent and time left are on screen.
    await expect.poll(() => held !== null, { timeout: 60_000 }).toBe(true);
    await expect
      .poll(() => page.getByTestId('bootstrap-rows').innerText(), { timeout: 30_000 })
      .toMatch(/^50[,  ]?000 of /);
    const percent = Number((await page.getByTestId('bootstrap-percent').innerText()).replace(/\D/g, ''));
    expect(percent).toBeGreaterThan(50);
    expect(percent).toBeLessThan(100);
    await expect
      .poll(() => page.getByTestId('bootstrap-left').innerText(), { timeout: 15_000 })
      .toMatch(/left/);
    await screenshot(page, 'till-bootstrap-progress');

    // A reload mid-way: the till goes on from the part it had not stored, not from the start.
    holding = false;
    const before = asked.length;
    await page.reload();
    await held!.abort().catch(() => undefined);
    await expect
      .poll(() => page.getByTestId('last-answer').innerText(), { timeout: 90_000 })
      .toContain('nothing to send');
    expect(asked.slice(before)[0]).toBe(1);
    expect(asked.slice(before)).not.toContain(0);
    await expect.poll(() => page.getByTestId('bootstrap').count(), { timeout: 15_000 }).toBe(0);

    const kept = cardAt(12_345);
    await scan(page, kept.number);
    await expect
      .poll(() => page.getByTestId('customer').innerText(), { timeout: 15_000 })
      .toContain(kept.maskedName);

    // After the snapshot: one card renamed, one erased; the change log brings both.
    const changed = { ...cardAt(777), maskedName: 'Renamed R.' };
    const erased = cardAt(40_001);
    await scan(page, erased.number);
    await expect
      .poll(() => page.getByTestId('customer').innerText(), { timeout: 15_000 })
      .toContain(erased.maskedName);
    await appendChanges(
      db.kysely,
      [cardChange(changed), { topic: 'card', entityId: erased.number, storeId: null, data: null }],
      new Date().toISOString(),
    );
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => scan(page, changed.number), { timeout: 30_000 }).toContain('Renamed R.');
    await scan(page, erased.number);
    await expect
      .poll(() => page.getByTestId('customer').innerText(), { timeout: 15_000 })
      .toContain('not in this till’s list');
    expect(await page.getByTestId('customer').innerText()).not.toContain(erased.maskedName);
  });
});
