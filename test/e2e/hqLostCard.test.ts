import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCardNumber, demoCustomers } from '../../server/seed/demoData';
import { chromiumMissing, screenshot } from './support/browser';
import { enrolTill, startTillRig, type TillRig } from './support/tillRig';

const [anna] = demoCustomers(1);
/** A blank card of the demo chain's scheme, handed to Anna in place of the lost one. */
const NEW_CARD = demoCardNumber(900_001);

/**
 * Anna lost her card. At HQ an admin blocks it and hands her a new one; the till refuses the old
 * card from its next sync and finds Anna, with the same points, by the new one.
 */
describe.skipIf(chromiumMissing)('a lost card blocked and replaced at HQ', () => {
  let rig: TillRig;
  beforeAll(async () => {
    rig = await startTillRig('lost-card');
  });
  afterAll(() => rig?.close());

  async function scan(page: Page, code: string) {
    await page.getByTestId('scan-input').fill(code);
    await page.getByTestId('scan-input').press('Enter');
  }

  it('blocks the old card, the new one carries the customer and her points to the till', async () => {
    const till = await enrolTill(rig);
    await scan(till, anna!.cardNumber);
    await expect
      .poll(() => till.getByTestId('customer-points').innerText(), { timeout: 15_000 })
      .toMatch(/\d/);
    const points = await till.getByTestId('customer-points').innerText();

    const hq = await rig.context.newPage();
    await hq.goto(`${rig.server.url}/hq/?q=${anna!.cardNumber}`);
    await hq.getByTestId('login-email').fill('admin@demo.omnitill.org');
    await hq.getByTestId('login-password').fill(rig.server.adminPassword());
    await hq.getByTestId('login-submit').click();
    const card = hq.locator(`[data-testid="customer-card"][data-card="${anna!.cardNumber}"]`);
    await card.waitFor({ timeout: 15_000 });
    await card.getByTestId('card-block').click();
    // A mistyped new number is refused, and nothing changes.
    await hq.getByTestId('card-reason').fill('lost on the bus');
    await hq
      .getByTestId('card-replacement')
      .fill(NEW_CARD.slice(0, 12) + String((Number(NEW_CARD[12]) + 1) % 10));
    await hq.getByTestId('card-confirm').click();
    await expect
      .poll(() => hq.getByTestId('card-error').innerText(), { timeout: 15_000 })
      .toContain('not one of the chain');
    expect(await card.getAttribute('data-status')).toBe('active');
    await hq.getByTestId('card-replacement').fill(NEW_CARD);
    await hq.getByTestId('card-confirm').click();
    await expect.poll(() => card.getAttribute('data-status'), { timeout: 15_000 }).toBe('blocked');
    expect(await card.getByTestId('card-change').innerText()).toContain(`replaced by ${NEW_CARD}`);
    await expect
      .poll(
        () =>
          hq.locator(`[data-testid="customer-card"][data-card="${NEW_CARD}"]`).getAttribute('data-status'),
        {
          timeout: 15_000,
        },
      )
      .toBe('active');
    await screenshot(hq, 'hq-lost-card');

    // The till, after its next sync: the old card is refused, the new one is Anna with her points.
    // A till syncs every 30 s by itself; the cashier need not wait.
    await till.getByRole('button', { name: 'Sync now' }).click();
    await expect
      .poll(
        async () => {
          await scan(till, anna!.cardNumber);
          // No message while the card is still taken as active: scan again after the interval.
          const message = till.getByTestId('scan-message');
          return (await message.count()) > 0 ? message.innerText() : '';
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toContain('blocked');
    await scan(till, NEW_CARD);
    await expect
      .poll(() => till.getByTestId('customer').innerText(), { timeout: 15_000 })
      .toContain(NEW_CARD);
    await expect
      .poll(() => till.getByTestId('customer-points').innerText(), { timeout: 15_000 })
      .toBe(points);
    await screenshot(till, 'till-replaced-card');
  });
});
