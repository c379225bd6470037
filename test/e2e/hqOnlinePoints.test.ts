import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_LOYALTY_CONFIG, demoCustomers } from '../../server/seed/demoData';
import { pointsEarned } from '../../shared/loyalty';
import { chromiumMissing, screenshot } from './support/browser';
import { serverAndBrowser } from './support/serverAndBrowser';
import { kettleOrder, sendDemoOrder } from './support/demoShop';

const [anna] = demoCustomers(1);

/**
 * A card holder's delivery order from the demo shop's signed webhook earns points on her card, and
 * its cancellation takes them back: an HQ admin reads both in her points ledger, named by the order.
 */
describe.skipIf(chromiumMissing)('online orders in HQ’s points ledger', () => {
  const rig = serverAndBrowser('points');

  const order = (updatedAt: string, cancelled: boolean) =>
    sendDemoOrder(
      rig.server.output(),
      kettleOrder({
        number: 'WEB-8001',
        placedAt: '2026-11-30T09:00:00Z',
        updatedAt,
        cancelled,
        customer: { phone: anna!.phone, email: anna!.email, name: anna!.name },
        group: { method: 'delivery' },
      }),
    );

  async function openAnna(page: Page): Promise<{ balance: number; tier: string }> {
    // Opened afresh each time: the page reads the points once per customer it opens.
    await page.reload();
    await page.getByTestId('customer-query').fill(anna!.cardNumber);
    await page.getByTestId('customer-search').click();
    const points = page.getByTestId('customer-points');
    await points.waitFor({ timeout: 15_000 });
    const tier = /\b(base|silver|gold)\b/.exec(await points.innerText())?.[1] ?? '';
    return { balance: Number(await points.getAttribute('data-points')), tier };
  }

  it('shows the earn of a paid delivery and its reversal once the shop cancels it', async () => {
    const page = await rig.context.newPage();
    await page.goto(`${rig.server.url}/hq/`);
    await page.getByTestId('login-email').fill('admin@demo.omnitill.org');
    await page.getByTestId('login-password').fill(rig.server.adminPassword());
    await page.getByTestId('login-submit').click();
    await page.getByTestId('customer-query').waitFor({ timeout: 15_000 });
    const before = await openAnna(page);
    expect(before.tier).not.toBe('');
    const earned = pointsEarned(DEMO_LOYALTY_CONFIG, before.tier, 250_000);
    expect(earned).toBeGreaterThan(0);

    expect(await order('2026-11-30T09:00:00Z', false)).toBe(200);
    // The webhook is applied by the server's worker a moment after its 200.
    await expect
      .poll(async () => (await openAnna(page)).balance, { timeout: 30_000, interval: 500 })
      .toBe(before.balance + earned);
    await page.getByTestId('customer-ledger').click();
    const newest = page.getByTestId('ledger-entry').first();
    await expect.poll(() => newest.innerText(), { timeout: 15_000 }).toContain('Online order WEB-8001');
    expect(await newest.innerText()).toContain(`+${earned}`);
    await screenshot(page, 'hq-online-points');

    expect(await order('2026-11-30T10:00:00Z', true)).toBe(200);
    await expect
      .poll(async () => (await openAnna(page)).balance, { timeout: 30_000, interval: 500 })
      .toBe(before.balance);
    await page.getByTestId('customer-ledger').click();
    await expect.poll(() => newest.innerText(), { timeout: 15_000 }).toContain(`-${earned}`);
    expect(await newest.innerText()).toContain('reversal');
    expect(await newest.innerText()).toContain('Online order WEB-8001');
  });
});
