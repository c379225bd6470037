import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, screenshot } from './support/browser';
import { startTillRig, type TillRig } from './support/tillRig';

describe.skipIf(chromiumMissing)('HQ users and a till revoked from HQ, in Chromium', () => {
  let rig: TillRig;
  beforeAll(async () => {
    rig = await startTillRig('users');
  });
  afterAll(() => rig?.close());

  const signIn = async (page: Page, email: string, password: string) => {
    await page.getByTestId('login-email').fill(email);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
  };

  it('an admin creates a store manager, who chooses a password and disconnects a till of their store', async () => {
    const till = await rig.context.newPage();
    await till.goto(rig.storeUrl);
    await till.getByTestId('enrol-code').fill(rig.server.enrolmentCode('MSK-01'));
    await till.getByTestId('enrol-name').fill('Till 7');
    await till.getByTestId('enrol-submit').click();
    await expect.poll(() => till.getByTestId('conn').innerText(), { timeout: 30_000 }).toContain('Online');

    const hq = await rig.context.newPage();
    await hq.goto(`${rig.server.url}/hq/#users`);
    await signIn(hq, 'admin@demo.omnitill.org', rig.server.adminPassword());
    await hq.getByRole('button', { name: 'Users' }).click();
    const form = hq.getByTestId('new-user');
    await form.getByLabel('Email').fill('maria@demo.omnitill.org');
    await form.getByLabel('Name').fill('Maria Store');
    await form.getByLabel('Role').selectOption('store_manager');
    await form.getByLabel(/Moscow/).check();
    await form.getByRole('button', { name: 'Create' }).click();
    const handed = hq.getByTestId('one-time-password');
    await expect.poll(() => handed.innerText(), { timeout: 15_000 }).toContain('maria@demo.omnitill.org');
    const oneTimePassword = await handed.locator('b').innerText();
    const maria = hq.getByTestId('user-row').filter({ hasText: 'maria@demo.omnitill.org' });
    await expect.poll(() => maria.innerText(), { timeout: 15_000 }).toContain('MSK-01');
    await screenshot(hq, 'hq-users');

    // The admin signs out; Maria signs in with the one-time password and must choose her own.
    await hq.getByRole('button', { name: 'Sign out' }).click();
    const page = hq;
    await page.goto(`${rig.server.url}/hq/#stores`);
    await signIn(page, 'maria@demo.omnitill.org', oneTimePassword);
    await page.getByTestId('current-password').fill(oneTimePassword);
    await page.getByTestId('new-password').fill('maria-chooses-this');
    await page.getByTestId('repeat-password').fill('maria-chooses-this');
    await screenshot(page, 'hq-change-password');
    await page.getByTestId('change-password-submit').click();
    await expect
      .poll(() => page.locator('.store h2').allInnerTexts(), { timeout: 15_000 })
      .toEqual([expect.stringContaining('MSK-01')]);
    expect(await page.getByRole('button', { name: 'Users' }).count()).toBe(0);

    const row = page.locator('table.devices tbody tr', { hasText: 'Till 7' });
    await row.getByTestId('revoke').click();
    await screenshot(page, 'hq-revoke-ask');
    await row.getByTestId('revoke-confirm').click();
    await expect
      .poll(() => page.getByTestId('revoked').innerText(), { timeout: 15_000 })
      .toContain('Till 7 is disconnected');

    await till.getByRole('button', { name: /sync/i }).first().click();
    await expect
      .poll(() => till.getByTestId('conn').innerText(), { timeout: 30_000 })
      .toContain('This till was disconnected by HQ — enrol it again');
    await screenshot(till, 'till-revoked');
  });
});
