import { describe, expect, it } from 'vitest';
import { chromiumMissing, screenshot } from './support/browser';
import { serverAndBrowser } from './support/serverAndBrowser';
import { kettleOrder, sendDemoOrder } from './support/demoShop';

/**
 * A customer phones: they cannot come before the weekend. The store's manager opens the order at
 * HQ, marks it ready, and extends its hold by a week with the reason, which the part then shows.
 */
describe.skipIf(chromiumMissing)('extending a pickup hold at HQ', () => {
  const rig = serverAndBrowser('hold');

  it('moves the hold on by the days chosen and notes who and why', async () => {
    const order = kettleOrder({
      number: 'WEB-9100',
      placedAt: new Date().toISOString(),
      customer: { email: 'guest@example.com', name: 'Guest Buyer' },
      group: { method: 'pickup', locationId: 'MSK-01' },
    });
    expect(await sendDemoOrder(rig.server.output(), order)).toBe(200);

    const page = await rig.context.newPage();
    await page.goto(`${rig.server.url}/hq/#orders`);
    await page.getByTestId('login-email').fill('admin@demo.omnitill.org');
    await page.getByTestId('login-password').fill(rig.server.adminPassword());
    await page.getByTestId('login-submit').click();
    await page.getByTestId('orders-search').fill('9100');
    await page.getByTestId('orders-search').press('Enter');
    // The webhook is applied by the server's worker a moment after its 200.
    await expect
      .poll(() => page.getByTestId('order-row').count(), { timeout: 30_000, interval: 500 })
      .toBe(1);
    await page.getByRole('button', { name: 'WEB-9100' }).click();
    await page.getByTestId('mark-ready').click();
    const held = page.locator('[data-testid="order-part"] .when').first();
    await expect.poll(() => held.innerText(), { timeout: 15_000 }).toContain('Held until');
    const before = await held.innerText();

    await page.getByTestId('extend-hold').click();
    await page.getByTestId('extend-days').selectOption('7');
    await page.getByTestId('extend-reason').fill('customer away until the weekend');
    await page.getByTestId('extend-confirm').click();
    const part = page.getByTestId('order-part');
    await expect
      .poll(() => part.innerText(), { timeout: 15_000 })
      .toMatch(/Hold extended by 7 d to \d{4}-\d{2}-\d{2} by Demo Admin: customer away until the weekend/);
    expect(await held.innerText()).not.toBe(before);
    await screenshot(page, 'hq-extend-hold');
  });
});
