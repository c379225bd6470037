import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoProducts, gs1CheckDigit } from '../../server/seed/demoData';
import { formatMoney, lineTotal } from '../../shared/domain/money';
import { chromiumMissing, screenshot } from './support/browser';
import { wedgeScan } from './support/scanners';
import { startTillRig, type TillRig } from './support/tillRig';

const products = demoProducts(300);
const rub = (minor: number) => formatMoney(minor, 'RUB', 'en-GB');

/** An EAN-13 with its check digit. */
const ean13 = (body12: string) => body12 + String(gs1CheckDigit(body12));
/** Scale item 00005 (prefix 21, weight in grams: the default scale rule) and its 1.250 kg label. */
const scaleItem = {
  id: 'scale-00005',
  gtin: ean13('210000500000'),
  name: 'Apples, loose',
  priceMinor: 14990,
};
const appleLabel = ean13('210000501250');

describe.skipIf(chromiumMissing)('a cashier sells with keyboard and scanner only', () => {
  let rig: TillRig;
  beforeAll(async () => {
    rig = await startTillRig('keyboard');
  });
  afterAll(() => rig?.close());

  /** A keyboard-wedge scanner: the whole code in one fast burst, then Enter. */
  const scan = wedgeScan;
  const lines = (page: Page) => page.getByTestId('cart-line').allInnerTexts();
  const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));

  /**
   * Scale items come with HQ configuration later; until then the test puts one in the till's own
   * catalog, as a pull would.
   */
  async function addScaleItem(page: Page) {
    await page.evaluate(
      (row) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('omnitill-till');
          open.onerror = () => reject(open.error ?? new Error('open failed'));
          open.onsuccess = () => {
            const tx = open.result.transaction('products', 'readwrite');
            tx.objectStore('products').put(row);
            tx.oncomplete = () => {
              open.result.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error ?? new Error('put failed'));
          };
        }),
      scaleItem,
    );
  }

  it('takes 3* and a weighed label, keeps the basket through a reload, voids, holds and recalls by key', async () => {
    const page = await rig.context.newPage();
    await page.goto(rig.storeUrl);
    await page.getByTestId('enrol-code').fill(rig.server.enrolmentCode('MSK-01'));
    await page.getByTestId('enrol-name').fill('Till 1');
    await page.getByTestId('enrol-submit').click();
    await expect
      .poll(() => page.getByTestId('status-bar').innerText(), { timeout: 30_000 })
      .toContain('300 / 300');
    await addScaleItem(page);
    await page.getByTestId('scan-input').focus();

    const [a, b, c] = [products[0]!, products[1]!, products[2]!];
    await scan(page, a.gtin);
    await expect.poll(() => lines(page), { timeout: 10_000 }).toHaveLength(1);

    // Three of b: the quantity typed as a person types it, then the scanner.
    await page.keyboard.type('3*', { delay: 120 });
    await expect.poll(() => page.getByTestId('pending-qty').innerText(), { timeout: 15_000 }).toBe('3 ×');
    await scan(page, b.gtin);
    await expect.poll(() => lines(page), { timeout: 15_000 }).toHaveLength(2);
    await expect.poll(() => page.getByTestId('pending-qty').count(), { timeout: 15_000 }).toBe(0);

    await scan(page, appleLabel);
    await expect.poll(() => lines(page), { timeout: 15_000 }).toHaveLength(3);
    const apples = async () => (await lines(page))[2];
    await expect.poll(apples, { timeout: 15_000 }).toContain('Apples, loose');
    await expect.poll(apples, { timeout: 15_000 }).toContain('1.250 kg');
    await expect.poll(apples, { timeout: 15_000 }).toContain(`${rub(14990)} per kg`);
    await expect.poll(apples, { timeout: 15_000 }).toContain(rub(lineTotal(1250, 14990)));

    const total = lineTotal(1000, a.priceMinor) + lineTotal(3000, b.priceMinor) + lineTotal(1250, 14990);
    await expect.poll(() => page.getByTestId('total').innerText(), { timeout: 15_000 }).toBe(rub(total));
    // The newest line is the selected one.
    await expect
      .poll(() => page.locator('tr.selected').innerText(), { timeout: 15_000 })
      .toContain('Apples, loose');
    const before = await lines(page);
    await screenshot(page, 'till-keyboard');

    // A reload (as after a crash) brings the basket back, line for line.
    await page.reload();
    await page.getByTestId('scan-input').waitFor();
    await expect.poll(() => lines(page), { timeout: 15_000 }).toEqual(before);
    await expect.poll(() => page.getByTestId('total').innerText(), { timeout: 15_000 }).toBe(rub(total));
    await expect.poll(() => focused(page), { timeout: 15_000 }).toBe('scan-input');

    // ↑ selects b's line, F6 voids it.
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => page.locator('tr.selected').innerText(), { timeout: 15_000 }).toContain(b.name);
    await page.keyboard.press('F6');
    await expect.poll(() => lines(page), { timeout: 15_000 }).toHaveLength(2);
    expect((await lines(page)).join('\n')).not.toContain(b.name);
    const held = lineTotal(1000, a.priceMinor) + lineTotal(1250, 14990);
    await expect.poll(() => page.getByTestId('total').innerText(), { timeout: 15_000 }).toBe(rub(held));

    // F7 holds it; the next customer buys c.
    await page.keyboard.press('F7');
    await expect.poll(() => lines(page), { timeout: 15_000 }).toHaveLength(0);
    await expect
      .poll(() => page.getByTestId('scan-message').innerText(), { timeout: 15_000 })
      .toContain('Basket held');
    await scan(page, c.gtin);
    await expect.poll(() => lines(page), { timeout: 15_000 }).toHaveLength(1);

    // F9 lists the held basket; Enter recalls it and holds c's basket in its place.
    await page.keyboard.press('F9');
    await expect.poll(() => page.getByTestId('held-basket').count(), { timeout: 15_000 }).toBe(1);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('total').innerText(), { timeout: 15_000 }).toBe(rub(held));
    await expect.poll(() => focused(page), { timeout: 15_000 }).toBe('scan-input');
    await page.keyboard.press('F9');
    await expect
      .poll(() => page.getByTestId('held-basket').innerText(), { timeout: 15_000 })
      .toContain(c.name);
    await screenshot(page, 'till-held-baskets');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('held-baskets').count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => focused(page), { timeout: 15_000 }).toBe('scan-input');

    // An unknown code: a red band and the field keeps the focus.
    await scan(page, '4600000000992');
    await expect
      .poll(() => page.getByTestId('scan-message').getAttribute('class'), { timeout: 15_000 })
      .toContain('error');
    await expect.poll(() => focused(page), { timeout: 15_000 }).toBe('scan-input');

    // F12, Enter: paid exactly; the scan field is ready for the next customer.
    await page.keyboard.press('F12');
    await expect.poll(() => focused(page), { timeout: 15_000 }).toBe('cash-input');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId('last-sale').innerText(), { timeout: 15_000 })
      .toContain(rub(held));
    await expect.poll(() => focused(page), { timeout: 15_000 }).toBe('scan-input');
    await expect.poll(() => lines(page), { timeout: 15_000 }).toHaveLength(0);

    // The sale emptied the stored basket: a reload shows none; c's basket is still held.
    await page.reload();
    await page.getByTestId('scan-input').waitFor();
    await expect
      .poll(() => page.getByText('Scan a product to start a sale.').count(), { timeout: 15_000 })
      .toBe(1);
    await page.keyboard.press('F9');
    await expect.poll(() => page.getByTestId('held-basket').count(), { timeout: 15_000 }).toBe(1);
  });
});
