import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../server/db/connect';
import { demoProducts } from '../../server/seed/demoData';
import { normalizeLinkCode } from '../../shared/barcode/serverCodes';
import { formatMoney, lineTotal } from '../../shared/domain/money';
import { chromiumMissing, screenshot } from './support/browser';
import { startTillRig, type TillRig } from './support/tillRig';

const products = demoProducts(300);
const rub = (minor: number) => formatMoney(minor, 'RUB', 'en-GB');

describe.skipIf(chromiumMissing)('receipt with a link code, reprint and an offline return', () => {
  let rig: TillRig;
  beforeAll(async () => {
    rig = await startTillRig('receipt');
  });
  afterAll(() => rig?.close());

  async function scan(page: Page, code: string) {
    const input = page.getByTestId('scan-input');
    await input.fill(code);
    await input.press('Enter');
  }

  it('sells, shows and prints the receipt at 80 mm, returns one line offline, and the server has it once', async () => {
    const page = await rig.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(rig.storeUrl);
    await page.getByTestId('enrol-code').fill(rig.server.enrolmentCode('MSK-01'));
    await page.getByTestId('enrol-name').fill('Till 1');
    await page.getByTestId('enrol-submit').click();
    await expect
      .poll(() => page.getByTestId('status-bar').innerText(), { timeout: 30_000 })
      .toContain('300 / 300');

    const [a, b] = [products[0]!, products[1]!];
    await scan(page, a.gtin);
    await scan(page, a.gtin);
    await scan(page, b.gtin);
    const total = lineTotal(2000, a.priceMinor) + lineTotal(1000, b.priceMinor);
    await page.getByTestId('confirm').click();

    const receipt = page.getByTestId('receipt');
    await receipt.waitFor();
    expect(await page.getByTestId('receipt-total').innerText()).toBe(rub(total));
    const shown = await page.getByTestId('receipt-link-code').innerText();
    const code = normalizeLinkCode(shown);
    expect(code).toBeDefined();
    const qr = page.getByTestId('receipt-qr');
    expect(await qr.getAttribute('data-payload')).toBe(`OMNI-L:${code}`);
    // A real symbol: many dark modules, not an empty box.
    expect(((await qr.locator('path').getAttribute('d')) ?? '').split('M').length).toBeGreaterThan(100);
    await screenshot(page, 'receipt-screen');
    await receipt.screenshot({
      path: process.env.E2E_SCREENSHOTS ? `${process.env.E2E_SCREENSHOTS}/receipt.png` : undefined,
    });

    // Print: only the receipt, 80 mm wide (≈ 302 CSS px at 96 px per inch).
    await page.emulateMedia({ media: 'print' });
    const box = await receipt.boundingBox();
    expect(Math.round(box!.width)).toBe(302);
    // The rest of the till is not printed.
    expect(await page.getByTestId('confirm').evaluate((el) => getComputedStyle(el).visibility)).toBe(
      'hidden',
    ); // … not printed
    await screenshot(page, 'receipt-print');
    await page.emulateMedia({ media: 'screen' });

    // Wait for the sale to reach the server, then go offline.
    await expect.poll(() => page.getByTestId('pending').innerText(), { timeout: 30_000 }).toMatch(/: 0\b/);
    await rig.stopServer();

    // The sales list, found by scanning the receipt's QR code into the search field.
    await page.getByTestId('tab-sales').click();
    await expect.poll(() => page.getByTestId('sales-row').count(), { timeout: 15_000 }).toBe(1);
    await page.getByTestId('sales-find').fill(`OMNI-L:${code}`);
    await page.getByTestId('sales-find').press('Enter');
    await page.getByTestId('sales-return').click();
    // The quantities left come from the till's database a moment after the form opens.
    await expect
      .poll(() => page.getByTestId('return-left').allInnerTexts(), { timeout: 15_000 })
      .toEqual(['2', '1']);
    await page.getByTestId('return-qty-2').fill('1');
    await page.getByTestId('return-reason').fill('damaged');
    await expect
      .poll(() => page.getByTestId('return-refund').innerText(), { timeout: 15_000 })
      .toContain(rub(b.priceMinor));
    await page.getByTestId('return-confirm').click();
    await expect
      .poll(() => page.getByTestId('return-message').innerText(), { timeout: 15_000 })
      .toContain(rub(b.priceMinor));
    // Read again from the till's database after the return is stored, a moment after the message.
    await expect
      .poll(() => page.getByTestId('return-left').allInnerTexts(), { timeout: 15_000 })
      .toEqual(['2', '0']);
    await expect
      .poll(() => page.getByTestId('return-earlier').innerText(), { timeout: 15_000 })
      .toContain('not yet sent');
    await screenshot(page, 'return-offline');

    await rig.restartServer();
    await expect
      .poll(() => page.getByTestId('return-earlier').innerText(), { timeout: 70_000, interval: 500 })
      .toContain('on the server');

    const db = connect({ dialect: 'sqlite', dataDir: rig.dataDir });
    try {
      const returns = await db.kysely.selectFrom('returns').select(['refund_minor', 'sale_id']).execute();
      expect(returns.map((r) => Number(r.refund_minor))).toEqual([b.priceMinor]);
      const link = await db.kysely.selectFrom('link_codes').select(['code', 'status']).execute();
      expect(link).toEqual([{ code, status: 'redeemable' }]);
    } finally {
      await db.close();
    }
  });
});
