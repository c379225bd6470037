import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCustomers, demoProducts } from '../../server/seed/demoData';
import { normalizeLinkCode } from '../../shared/barcode/serverCodes';
import { launchDemoShop } from '../../tools/storefront/launchDemoShop';
import type { DemoShop } from '../../tools/storefront/demoShop';
import { chromiumMissing, screenshot } from './support/browser';
import { enrolTill, startTillRig, type TillRig } from './support/tillRig';

const customer = demoCustomers(1)[0]!;
const product = demoProducts(1)[0]!;
const WEB_EMAIL = 'anna.journey@example.com';

describe.skipIf(chromiumMissing)('one customer across the web shop, the store and HQ', () => {
  let rig: TillRig;
  let shop: DemoShop;
  beforeAll(async () => {
    rig = await startTillRig('identity');
    const started = await launchDemoShop({
      port: 0,
      host: '127.0.0.1',
      serverUrl: rig.server.url,
      dataDir: rig.dataDir,
      databaseUrl: undefined,
    });
    if (!started) throw new Error('the demo chain has no demo-generic connection');
    shop = started;
  });
  afterAll(async () => {
    await shop?.close();
    await rig?.close();
  });

  async function scan(page: Page, code: string) {
    const input = page.getByTestId('scan-input');
    await input.fill(code);
    await input.press('Enter');
  }

  it('browses, signs in, buys in the store with a card, links the receipt, orders for pickup, and HQ finds one person by any of it', async () => {
    // 1. The web shop: browsing and a cart, before anyone knows who it is, then signing in.
    const web = await rig.context.newPage();
    await web.goto(`${shop.url}/`);
    await web.getByTestId('add-TEA-GREEN').click();
    await expect
      .poll(() => web.getByTestId('cart-total').innerText(), { timeout: 15_000 })
      .toContain('349.00');
    const visitorId = await web.evaluate(() => {
      const sdk = (window as unknown as { omnitill: (command: string) => unknown }).omnitill;
      return String(sdk('visitorId'));
    });
    expect(visitorId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    const cookie = (await rig.context.cookies(shop.url)).find((c) => c.name === 'omnitill_vid');
    expect(cookie?.value).toBe(visitorId);
    await web.getByTestId('shop-email').fill(WEB_EMAIL);
    await web.getByTestId('shop-login').click();
    await expect
      .poll(() => web.getByTestId('shop-who').innerText(), { timeout: 15_000 })
      .toContain(WEB_EMAIL);
    await screenshot(web, 'identity-shop-catalog');

    // 2. The store: the same person buys with their loyalty card.
    const till = await enrolTill(rig);
    await scan(till, customer.cardNumber);
    await expect.poll(() => till.getByTestId('customer-tier').count(), { timeout: 10_000 }).toBe(1);
    await scan(till, product.gtin);
    await till.getByTestId('confirm').click();
    await till.getByTestId('receipt').waitFor();
    const code = normalizeLinkCode(await till.getByTestId('receipt-link-code').innerText());
    expect(code).toBeDefined();
    await expect.poll(() => till.getByTestId('pending').innerText(), { timeout: 30_000 }).toMatch(/: 0\b/);

    // 3. The receipt's QR opens the shop's landing page, where the visitor links it.
    await web.goto(`${shop.url}/l/${code}`);
    await web.getByTestId('link-here').click();
    await expect
      .poll(() => web.getByTestId('link-result').innerText(), { timeout: 15_000 })
      .toContain('Linked: receipt');
    await screenshot(web, 'identity-shop-linked');

    // 4. An online pickup order with the same email, by the shop's signed webhook.
    await web.goto(`${shop.url}/`);
    await web.getByTestId('add-HONEY-250').click();
    // The tea from before is still in the cart: 349 + 420.
    await expect
      .poll(() => web.getByTestId('cart-total').innerText(), { timeout: 15_000 })
      .toContain('769.00');
    await web.getByTestId('shop-order').click();
    await expect
      .poll(() => web.getByTestId('order-result').innerText(), { timeout: 15_000 })
      .toContain('placed for pickup');
    const orderNumber = /Order (\S+) placed/.exec(await web.getByTestId('order-result').innerText())?.[1];

    // 5. HQ: the visitor id, the card, the email and the phone each open the same customer.
    const hq = await rig.context.newPage();
    await hq.goto(`${rig.server.url}/hq/`);
    await hq.getByTestId('login-email').fill('admin@demo.omnitill.org');
    await hq.getByTestId('login-password').fill(rig.server.adminPassword());
    await hq.getByTestId('login-submit').click();
    const opened: string[] = [];
    for (const query of [visitorId, customer.cardNumber, WEB_EMAIL, customer.phone]) {
      await hq.getByTestId('customer-query').fill(query);
      await hq.getByTestId('customer-search').click();
      const view = hq.getByTestId('customer-view');
      await view.waitFor({ timeout: 15_000 });
      opened.push((await view.getAttribute('data-customer')) ?? '');
    }
    expect(new Set(opened).size).toBe(1);

    const kinds = () =>
      hq.getByTestId('timeline-event').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')));
    await expect
      .poll(async () => (await kinds()).sort(), { timeout: 30_000 })
      .toEqual(expect.arrayContaining(['cart', 'identify', 'link', 'online_order', 'page', 'purchase']));
    const timeline = await hq.getByTestId('timeline').innerText();
    expect(timeline).toContain('Moscow, Tverskaya 12');
    expect(timeline).toContain(orderNumber ?? '-');
    const identifiers = await hq
      .getByTestId('identifier')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-type')));
    expect(identifiers).toEqual(
      expect.arrayContaining(['card', 'phone', 'email', 'visitor', 'shop_account']),
    );
    await screenshot(hq, 'identity-hq-customer');

    // The online order's number opens the same customer.
    await hq.getByTestId('customer-query').fill(orderNumber ?? '-');
    await hq.getByTestId('customer-search').click();
    // The search closes the open customer; only one the search found opens again.
    await hq.getByTestId('customer-view').waitFor({ timeout: 15_000 });
    expect(await hq.getByTestId('customer-view').getAttribute('data-customer')).toBe(opened[0]);

    // Unmerge asks in the page, with a reason; Cancel leaves the merge as it was.
    await hq.getByTestId('unmerge').first().click();
    const dialog = hq.getByTestId('unmerge-dialog');
    await dialog.waitFor();
    expect(await hq.getByTestId('unmerge-confirm').isDisabled()).toBe(true);
    await hq.getByTestId('unmerge-reason').fill('Two people share this computer');
    await expect.poll(() => hq.getByTestId('unmerge-confirm').isDisabled(), { timeout: 15_000 }).toBe(false);
    await screenshot(hq, 'identity-hq-unmerge-dialog');
    await hq.getByTestId('unmerge-cancel').click();
    await dialog.waitFor({ state: 'detached' });
    expect(await hq.getByTestId('unmerge').count()).toBeGreaterThan(0);
  });
});
