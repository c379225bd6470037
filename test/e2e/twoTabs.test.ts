import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoProducts } from '../../server/seed/demoData';
import { chromiumMissing } from './support/browser';
import { startTillRig, type TillRig } from './support/tillRig';

const products = demoProducts(300);

describe.skipIf(chromiumMissing)('two windows of one till', () => {
  let rig: TillRig;
  beforeAll(async () => {
    rig = await startTillRig('tabs');
  });
  afterAll(() => rig?.close());

  async function sell(page: Page, gtin: string) {
    const input = page.getByTestId('scan-input');
    await input.fill(gtin);
    await input.press('Enter');
    await expect.poll(() => page.getByTestId('cart-lines').count(), { timeout: 15_000 }).toBe(1);
    await page.getByTestId('confirm').click();
    await expect.poll(() => page.getByTestId('cart-lines').count(), { timeout: 15_000 }).toBe(0);
  }

  it('sell from both with one gap-free sequence, and every sale reaches the server once', async () => {
    const url = rig.storeUrl;
    const first = await rig.context.newPage();
    await first.goto(url);
    await first.getByTestId('enrol-code').fill(rig.server.enrolmentCode('SPB-01'));
    await first.getByTestId('enrol-submit').click();
    await expect
      .poll(() => first.getByTestId('status-bar').innerText(), { timeout: 30_000 })
      .toContain('300 / 300');
    const second = await rig.context.newPage();
    await second.goto(url);
    await expect
      .poll(() => second.getByTestId('status-bar').innerText(), { timeout: 30_000 })
      .toContain('300 / 300');

    // Every push answer either window receives.
    const answers: string[] = [];
    for (const page of [first, second]) {
      page.on('response', (response) => {
        if (response.url().includes('/trpc/sync.push'))
          void response.text().then((body) => answers.push(body));
      });
    }

    await rig.stopServer();
    for (let i = 0; i < 6; i++) {
      await sell(first, products[i]!.gtin);
      await sell(second, products[10 + i]!.gtin);
    }
    await expect.poll(() => first.getByTestId('pending').innerText(), { timeout: 15_000 }).toMatch(/: 12\b/);

    await rig.restartServer();
    for (const page of [first, second]) {
      await expect
        .poll(() => page.getByTestId('pending').innerText(), { timeout: 70_000, interval: 500 })
        .toMatch(/: 0\b/);
    }

    // Each answer's body is read after its response event, so the last may come in a moment later.
    const statuses = () =>
      answers.flatMap((body) => [...body.matchAll(/"status":"(\w+)"/g)].map((m) => m[1]));
    await expect.poll(() => statuses().filter((s) => s === 'applied'), { timeout: 15_000 }).toHaveLength(12);
    // No gap, no reused seq, no rejection: the two windows shared one sequence of operations.
    expect(statuses().filter((s) => s !== 'applied' && s !== 'duplicate')).toEqual([]);
  });
});
