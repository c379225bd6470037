import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCardNumber, demoProducts } from '../../server/seed/demoData';
import { chromiumMissing, launchChromium, screenshot } from './support/browser';
import { startTillRig, type TillRig } from './support/tillRig';

// A card of the chain's scheme that the demo chain never handed out.
const NEW_CARD = demoCardNumber(987_654);
const product = demoProducts(300)[0]!;

describe.skipIf(chromiumMissing)('two tills issue the same new card offline', () => {
  let rig: TillRig;
  let second: BrowserContext;
  beforeAll(async () => {
    rig = await startTillRig('card-issue');
    second = await launchChromium();
  });
  afterAll(async () => {
    await second?.close();
    await rig?.close();
  });

  async function enrol(context: BrowserContext, store: string, name: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(rig.storeUrl);
    await page.getByTestId('enrol-code').fill(rig.server.enrolmentCode(store));
    await page.getByTestId('enrol-name').fill(name);
    await page.getByTestId('enrol-submit').click();
    await expect
      .poll(() => page.getByTestId('last-answer').innerText(), { timeout: 30_000 })
      .toContain('nothing to send');
    return page;
  }

  async function scan(page: Page, code: string) {
    const input = page.getByTestId('scan-input');
    await input.fill(code);
    await input.press('Enter');
  }

  async function issue(
    page: Page,
    details: { phone: string; email?: string; name?: string },
    open: 'button' | 'hotkey',
  ) {
    await scan(page, NEW_CARD);
    await expect
      .poll(() => page.getByTestId('customer').innerText(), { timeout: 15_000 })
      .toContain(NEW_CARD);
    if (open === 'button') await page.getByTestId('issue-open').click();
    else await page.getByTestId('scan-input').press('Insert');
    await expect
      .poll(() => page.getByTestId('issue-card-number').inputValue(), { timeout: 15_000 })
      .toBe(NEW_CARD);
    await page.getByTestId('issue-phone').fill(details.phone);
    if (details.email) await page.getByTestId('issue-email').fill(details.email);
    if (details.name) await page.getByTestId('issue-name').fill(details.name);
    // Without the personal data consent the card is not issued, and the cashier is told why.
    await page.getByTestId('issue-submit').click();
    await expect
      .poll(() => page.getByTestId('issue-error-personalData').isVisible(), { timeout: 15_000 })
      .toBe(true);
    await page.getByTestId('issue-consent-data').check();
    await expect
      .poll(() => page.getByTestId('issue-error-personalData').count(), { timeout: 15_000 })
      .toBe(0);
    await screenshot(page, `till-issue-form-${details.phone.replace(/\D/g, '')}`);
    await page.getByTestId('issue-submit').click();
    await expect.poll(() => page.getByTestId('issue-done').isVisible(), { timeout: 15_000 }).toBe(true);
  }

  it('the first till’s card is the customer’s, HQ finds them by phone, the second till is told card_taken', async () => {
    const tillA = await enrol(rig.context, 'MSK-01', 'Till A');
    const tillB = await enrol(second, 'SPB-01', 'Till B');
    await rig.context.setOffline(true);
    await second.setOffline(true);

    // Till A: the unknown card is scanned, issued, and the sale made with it, all offline.
    await issue(
      tillA,
      {
        phone: '8 (916) 123-45-67',
        email: ' Ivan.Sidorov@Example.com ',
        name: 'Ivan Sidorov',
      },
      'button',
    );
    await expect
      .poll(() => tillA.getByTestId('customer').innerText(), { timeout: 15_000 })
      .toContain('Ivan S.');
    await screenshot(tillA, 'till-card-issued');
    await scan(tillA, product.gtin);
    await tillA.getByTestId('confirm').click();
    await expect
      .poll(() => tillA.getByTestId('last-sale').innerText(), { timeout: 15_000 })
      .toContain('Sale saved');
    await expect.poll(() => tillA.getByTestId('pending').innerText(), { timeout: 15_000 }).toMatch(/: 2\b/);

    // Till B, in another store, hands out the same card to someone else while offline.
    await issue(tillB, { phone: '+7 926 000-00-00' }, 'hotkey');
    await expect.poll(() => tillB.getByTestId('pending').innerText(), { timeout: 15_000 }).toMatch(/: 1\b/);

    await rig.context.setOffline(false);
    await expect
      .poll(() => tillA.getByTestId('pending').innerText(), { timeout: 70_000, interval: 500 })
      .toMatch(/: 0\b/);
    // The card's issue and the sale: two operations, not two sales.
    await expect
      .poll(() => tillA.getByTestId('last-answer').innerText(), { timeout: 15_000 })
      .toContain('2 operations recorded');

    const hq = await rig.context.newPage();
    await hq.goto(`${rig.server.url}/hq/?q=${encodeURIComponent('+7 916 123 45 67')}`);
    await hq.getByTestId('login-email').fill('admin@demo.omnitill.org');
    await hq.getByTestId('login-password').fill(rig.server.adminPassword());
    await hq.getByTestId('login-submit').click();
    const result = hq.getByTestId('customer-result');
    await expect.poll(() => result.innerText(), { timeout: 15_000 }).toContain('Ivan Sidorov');
    const text = await result.innerText();
    expect(text).toContain('+79161234567');
    expect(text).toContain('ivan.sidorov@example.com');
    expect(text).toContain(NEW_CARD);
    expect(await hq.getByTestId('purchase').count()).toBe(1);
    expect(await hq.getByTestId('customer-consents').innerText()).toMatch(
      /personal data: yes .* · marketing: no/,
    );
    await hq.getByTestId('hq-lang').click();
    await expect
      .poll(() => hq.getByTestId('purchase-count').innerText(), { timeout: 15_000 })
      .toBe('1 покупка');
    await screenshot(hq, 'hq-issued-customer-ru');

    await second.setOffline(false);
    await expect
      .poll(() => tillB.getByTestId('attention-open').isVisible(), { timeout: 70_000, interval: 500 })
      .toBe(true);
    await tillB.getByTestId('attention-open').click();
    const row = tillB.getByTestId('attention-row');
    await expect.poll(() => row.innerText(), { timeout: 15_000 }).toContain('card_taken');
    expect(await tillB.getByTestId('attention-what-to-do').innerText()).toContain(
      `Card ${NEW_CARD} was issued at another till first`,
    );
    await screenshot(tillB, 'till-card-taken');
    await tillB.getByRole('button', { name: 'RU', exact: true }).click();
    await expect
      .poll(() => tillB.getByTestId('attention-what-to-do').innerText(), { timeout: 15_000 })
      .toContain(`Карту ${NEW_CARD} раньше выдали на другой кассе`);
    await screenshot(tillB, 'till-card-taken-ru');
  });
});
