import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOYALTY_CONFIG, demoLoyaltyStart, demoProducts } from '../../server/seed/demoData';
import { formatMoney, lineTotal } from '../../shared/domain/money';
import { applyBurn, pointsEarned, priceBasket } from '../../shared/loyalty';
import { chromiumMissing, screenshot } from './support/browser';
import { wedgeScan } from './support/scanners';
import { startTillRig, type TillRig } from './support/tillRig';

const products = demoProducts(300);
const rub = (minor: number) => formatMoney(minor, 'RUB', 'en-GB');
/** The third demo card: a Silver customer (3 % off, 2 % back) with welcome points. */
const CARD = '2990000000033';
const start = demoLoyaltyStart(2);

describe.skipIf(chromiumMissing)('a card customer pays with points, card and cash', () => {
  let rig: TillRig;
  beforeAll(async () => {
    rig = await startTillRig('checkout');
  });
  afterAll(() => rig?.close());

  const scan = wedgeScan;
  const lines = (page: Page) => page.getByTestId('cart-line').allInnerTexts();
  const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));

  it('shows the customer, keeps them through a reload, redeems points, pays mixed, and HQ has the sale once', async () => {
    const page = await rig.context.newPage();
    await page.goto(rig.storeUrl);
    await page.getByTestId('enrol-code').fill(rig.server.enrolmentCode('MSK-01'));
    await page.getByTestId('enrol-name').fill('Till 1');
    await page.getByTestId('enrol-submit').click();
    await expect
      .poll(() => page.getByTestId('status-bar').innerText(), { timeout: 30_000 })
      .toContain('300 / 300');
    await page.getByTestId('scan-input').focus();

    // The customer summaries come in the pull after the catalog: wait for the card's own.
    await expect
      .poll(() => page.getByTestId('status-bar').innerText(), { timeout: 30_000 })
      .toContain('catalog up to date');
    await scan(page, CARD);
    await expect.poll(() => page.getByTestId('customer-tier').count(), { timeout: 10_000 }).toBe(1);
    await expect
      .poll(() => page.getByTestId('customer-tier').innerText(), { timeout: 15_000 })
      .toBe('Silver');
    await expect
      .poll(() => page.getByTestId('customer-points').innerText(), { timeout: 15_000 })
      .toBe(String(start.points));
    await expect
      .poll(() => page.getByTestId('customer-name').innerText(), { timeout: 15_000 })
      .toMatch(/^\S+ \S\.$/);
    await expect
      .poll(() => page.getByTestId('customer').innerText(), { timeout: 15_000 })
      .toContain('No personal offers');
    await screenshot(page, 'till-customer-panel');

    const [a, b] = [products[0]!, products[1]!];
    await scan(page, a.gtin);
    await expect.poll(() => lines(page), { timeout: 10_000 }).toHaveLength(1);
    await scan(page, b.gtin);
    await expect.poll(() => lines(page), { timeout: 10_000 }).toHaveLength(2);

    // The figures the till must show, from the same shared rules.
    const basket = [
      { lineNo: 1, totalMinor: lineTotal(1000, a.priceMinor) },
      { lineNo: 2, totalMinor: lineTotal(1000, b.priceMinor) },
    ];
    const priced = priceBasket(basket, { tierCode: 'silver' }, DEMO_LOYALTY_CONFIG, {
      points: start.points,
      unsyncedBurnedPoints: 0,
      fromCache: true,
    });
    const points = Math.min(5, priced.maxBurnPoints);
    expect(points).toBeGreaterThan(0);
    const burn = applyBurn(priced, points, DEMO_LOYALTY_CONFIG);
    const byCard = Math.floor(burn.dueMinor / 2);
    const byCash = burn.dueMinor - byCard;
    const tendered = Math.ceil((byCash + 1) / 10_000) * 10_000;

    // A reload mid-way brings back the basket and the customer.
    await page.reload();
    await page.getByTestId('scan-input').waitFor();
    await expect.poll(() => lines(page), { timeout: 10_000 }).toHaveLength(2);
    await expect
      .poll(() => page.getByTestId('customer-tier').innerText(), { timeout: 15_000 })
      .toBe('Silver');
    await expect
      .poll(() => page.getByTestId('discount').innerText(), { timeout: 15_000 })
      .toBe(`−${rub(priced.discountMinor)}`);
    await expect
      .poll(() => page.getByTestId('total').innerText(), { timeout: 15_000 })
      .toBe(rub(priced.totalMinor));

    // F12, then the keyboard only: points, Tab, card amount, Tab, reference, Tab, cash, Enter.
    await page.keyboard.press('F12');
    await expect.poll(() => focused(page), { timeout: 15_000 }).toBe('points-input');
    // Typed as a person types: a fast burst ending in Tab is a keyboard-wedge scan.
    await page.keyboard.type(String(points), { delay: 120 });
    await page.keyboard.press('Tab');
    await expect.poll(() => focused(page), { timeout: 15_000 }).toBe('card-amount');
    await page.keyboard.type((byCard / 100).toFixed(2), { delay: 120 });
    await page.keyboard.press('Tab');
    await page.keyboard.type('RRN 0042', { delay: 120 });
    await page.keyboard.press('Tab');
    await expect.poll(() => focused(page), { timeout: 15_000 }).toBe('cash-input');
    await page.keyboard.type((tendered / 100).toFixed(2), { delay: 120 });
    await expect
      .poll(() => page.getByTestId('total').innerText(), { timeout: 15_000 })
      .toBe(rub(burn.dueMinor));
    await expect
      .poll(() => page.getByTestId('cash-due').innerText(), { timeout: 15_000 })
      .toContain(rub(byCash));
    await expect
      .poll(() => page.getByTestId('change').innerText(), { timeout: 15_000 })
      .toBe(rub(tendered - byCash));
    await expect
      .poll(() => page.getByTestId('points-earned').innerText(), { timeout: 15_000 })
      .toBe(String(burn.pointsEarned));
    await screenshot(page, 'till-payment-mixed');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId('last-sale').innerText(), { timeout: 15_000 })
      .toContain(rub(priced.totalMinor));
    await expect.poll(() => lines(page), { timeout: 15_000 }).toHaveLength(0);

    // Synced: the server's ledger comes back as the card's balance, nothing left unsynced.
    const earned = pointsEarned(DEMO_LOYALTY_CONFIG, 'silver', burn.dueMinor);
    await page.getByTestId('scan-input').focus();
    await scan(page, CARD);
    await expect
      .poll(() => page.getByTestId('customer-points').innerText(), { timeout: 30_000 })
      .toBe(String(start.points - points + earned));
    expect(await page.getByTestId('customer-unsynced').count()).toBe(0);

    const hq = await rig.context.newPage();
    await hq.goto(`${rig.server.url}/hq/?q=${CARD}`);
    await hq.getByTestId('login-email').fill('admin@demo.omnitill.org');
    await hq.getByTestId('login-password').fill(rig.server.adminPassword());
    await hq.getByTestId('login-submit').click();
    await expect.poll(() => hq.getByTestId('purchase').count(), { timeout: 15_000 }).toBe(1);
    expect(await hq.getByTestId('purchase-total').allInnerTexts()).toEqual([rub(priced.totalMinor)]);
  });
});
