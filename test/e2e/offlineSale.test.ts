import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCardNumber, demoProducts } from '../../server/seed/demoData';
import { formatMoney, lineTotal } from '../../shared/domain/money';
import { chromiumMissing, screenshot } from './support/browser';
import { startTillRig, type TillRig } from './support/tillRig';

const products = demoProducts(300);
const card = demoCardNumber(1);
const rub = (minor: number) => formatMoney(minor, 'RUB', 'en-GB');

describe.skipIf(chromiumMissing)('a till sells offline and HQ sees each sale once', () => {
  let rig: TillRig;
  beforeAll(async () => {
    rig = await startTillRig('offline');
  });
  afterAll(() => rig?.close());

  async function scan(page: Page, code: string) {
    const input = page.getByTestId('scan-input');
    await input.fill(code);
    await input.press('Enter');
  }

  it('enrols, sells twice with the server stopped, survives a reload, and delivers both sales once', async () => {
    const page = await rig.context.newPage();
    await page.goto(rig.storeUrl);
    await page.getByTestId('enrol-code').fill(rig.server.enrolmentCode('MSK-01'));
    await page.getByTestId('enrol-name').fill('Till 1');
    await page.getByTestId('enrol-submit').click();
    await expect
      .poll(() => page.getByTestId('status-bar').innerText(), { timeout: 30_000 })
      .toContain('300 / 300');
    await expect
      .poll(() => page.getByTestId('last-answer').innerText(), { timeout: 15_000 })
      .toContain('nothing to send');

    await rig.stopServer();

    // Sale 1: the customer's card, two of one product, one of another, paid with 5,000.00.
    const [a, b, c] = [products[0]!, products[1]!, products[2]!];
    await scan(page, card);
    await expect.poll(() => page.getByTestId('customer').innerText(), { timeout: 15_000 }).toContain(card);
    await scan(page, a.gtin);
    await scan(page, a.gtin);
    await scan(page, b.gtin);
    const total1 = lineTotal(2000, a.priceMinor) + lineTotal(1000, b.priceMinor);
    await expect.poll(() => page.getByTestId('total').innerText(), { timeout: 15_000 }).toBe(rub(total1));
    await page.getByTestId('cash-input').fill('5000');
    await expect
      .poll(() => page.getByTestId('change').innerText(), { timeout: 15_000 })
      .toBe(rub(500_000 - total1));
    await page.getByTestId('confirm').click();
    await expect
      .poll(() => page.getByTestId('last-sale').innerText(), { timeout: 15_000 })
      .toContain(rub(500_000 - total1));
    // The sale's commit tries the server at once: the network is up, the server is not.
    await expect
      .poll(() => page.getByTestId('conn').innerText(), { timeout: 30_000 })
      .toContain('Server unreachable');
    // The server's last answer (the catalog) stays in view while it is away.
    expect(await page.getByTestId('last-answer').innerText()).toContain('nothing to send');

    // Sale 2: same card, one product, exact cash.
    await scan(page, card);
    await scan(page, c.gtin);
    const total2 = lineTotal(1000, c.priceMinor);
    await page.getByTestId('confirm').click();
    await expect
      .poll(() => page.getByTestId('last-sale').innerText(), { timeout: 15_000 })
      .toContain(rub(total2));
    await expect.poll(() => page.getByTestId('pending').innerText(), { timeout: 15_000 }).toMatch(/: 2\b/);
    await screenshot(page, 'till-offline');

    await page.reload();
    await page.getByTestId('scan-input').waitFor();
    await expect.poll(() => page.getByTestId('pending').innerText(), { timeout: 15_000 }).toMatch(/: 2\b/);

    await rig.restartServer();
    // No click: the till finds the server again by itself (backoff ≤ 60 s).
    await expect
      .poll(() => page.getByTestId('pending').innerText(), { timeout: 70_000, interval: 500 })
      .toMatch(/: 0\b/);
    await expect
      .poll(() => page.getByTestId('last-answer').innerText(), { timeout: 15_000 })
      .toContain('2 sales recorded');
    await expect.poll(() => page.getByTestId('conn').innerText(), { timeout: 15_000 }).toContain('Online');
    await screenshot(page, 'till-synced');

    const hq = await rig.context.newPage();
    await hq.goto(`${rig.server.url}/hq/?q=${card}`);
    await hq.getByTestId('login-email').fill('admin@demo.omnitill.org');
    await hq.getByTestId('login-password').fill(rig.server.adminPassword());
    await hq.getByTestId('login-submit').click();
    await expect.poll(() => hq.getByTestId('purchase').count(), { timeout: 15_000 }).toBe(2);
    expect(await hq.getByTestId('purchase-total').allInnerTexts()).toEqual([rub(total2), rub(total1)]);
    await expect
      .poll(() => hq.getByTestId('customer-result').innerText(), { timeout: 15_000 })
      .toContain('Moscow, Tverskaya 12');
    await screenshot(hq, 'hq-customer');

    // The sales waited offline; the till's clock is right: HQ shows a wait, not a clock error.
    await hq.goto(`${rig.server.url}/hq/#stores`);
    await hq.reload();
    const till = hq.locator('table.devices tbody tr', { hasText: 'Till 1' });
    await expect.poll(() => till.innerText(), { timeout: 15_000 }).toMatch(/\d+ (s|min)/);
    expect(await till.innerText()).not.toContain('check the till');
    await screenshot(hq, 'hq-stores');
  });
});
