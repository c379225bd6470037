import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gs1CheckDigit } from '../../server/seed/demoData';
import { defaultScanConfig } from '../../shared/barcode';
import { chromiumMissing, screenshot } from './support/browser';
import { wedgeScan } from './support/scanners';
import { startTillRig, type TillRig } from './support/tillRig';

const ean13 = (body12: string) => body12 + String(gs1CheckDigit(body12));
/** 16 digits under 7700 passing Luhn: a partner bank's card, no scheme of the defaults. */
const bankCard = '7700123456789013';
const withBankCards = {
  ...defaultScanConfig,
  loyaltySchemes: [
    ...defaultScanConfig.loyaltySchemes,
    { name: 'bank-partner', prefix: '7700', length: 16, check: 'luhn' },
  ],
};

describe.skipIf(chromiumMissing)('scan configuration set at HQ reaches the till, in Chromium', () => {
  let rig: TillRig;
  beforeAll(async () => {
    rig = await startTillRig('scanconfig');
  });
  afterAll(() => rig?.close());

  it('an admin adds a card scheme; the till recognizes its cards and finds scale items by item code', async () => {
    const hq = await rig.context.newPage();
    await hq.goto(`${rig.server.url}/hq/#scanning`);
    await hq.getByTestId('login-email').fill('admin@demo.omnitill.org');
    await hq.getByTestId('login-password').fill(rig.server.adminPassword());
    await hq.getByTestId('login-submit').click();
    await hq.getByTestId('nav-scanning').click();
    await expect
      .poll(() => hq.getByTestId('scan-version').innerText(), { timeout: 15_000 })
      .toContain('Version 1');
    expect(await hq.getByTestId('scan-try-result').innerText()).toBe('scale label, item code 00001, 1234 g');

    const broken = {
      ...withBankCards,
      loyaltySchemes: [{ name: 'bank', prefix: 'AB', length: 16, check: 'luhn' }],
    };
    await hq.getByTestId('scan-json').fill(JSON.stringify(broken, null, 2));
    await expect
      .poll(() => hq.getByTestId('scan-errors').innerText(), { timeout: 15_000 })
      .toContain('loyaltySchemes[0].prefix: a check-digit scheme has a digits-only prefix');
    expect(await hq.getByTestId('scan-save').isDisabled()).toBe(true);

    await hq.getByTestId('scan-json').fill(JSON.stringify(withBankCards, null, 2));
    await hq.getByTestId('scan-try').fill(bankCard);
    await expect
      .poll(() => hq.getByTestId('scan-try-result').innerText(), { timeout: 15_000 })
      .toBe(`card of scheme bank-partner: ${bankCard}`);
    await screenshot(hq, 'hq-scan-config');
    await hq.getByTestId('scan-save').click();
    await expect
      .poll(() => hq.getByTestId('scan-version').innerText(), { timeout: 15_000 })
      .toContain('Version 2');

    const till = await rig.context.newPage();
    await till.goto(rig.storeUrl);
    await till.getByTestId('enrol-code').fill(rig.server.enrolmentCode('MSK-01'));
    await till.getByTestId('enrol-name').fill('Till 1');
    await till.getByTestId('enrol-submit').click();
    await expect
      .poll(() => till.getByTestId('status-bar').innerText(), { timeout: 30_000 })
      .toContain('300 / 300');
    // The pull that brought the configuration committed whole: no refusal, the cycle finished.
    await expect
      .poll(() => till.getByTestId('status-bar').innerText(), { timeout: 30_000 })
      .toContain('catalog up to date');
    expect(await till.getByTestId('status-bar').innerText()).not.toContain('refused');
    await till.getByTestId('scan-input').focus();
    await wedgeScan(till, bankCard);
    await expect
      .poll(() => till.getByTestId('customer').innerText(), { timeout: 10_000 })
      .toContain(bankCard);

    // Bananas, item 00001, on a prefix-22 label of 0.750 kg: no product has that label's GTIN.
    await wedgeScan(till, ean13('220000100750'));
    await expect
      .poll(() => till.getByTestId('cart-line').allInnerTexts(), { timeout: 10_000 })
      .toEqual([expect.stringContaining('Bananas, by weight')]);
    expect((await till.getByTestId('cart-line').allInnerTexts())[0]).toContain('0.750 kg');
    await screenshot(till, 'till-scan-config');
  });
});
