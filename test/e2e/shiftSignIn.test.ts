import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoProducts } from '../../server/seed/demoData';
import { formatMoney, lineTotal } from '../../shared/domain/money';
import { chromiumMissing, screenshot } from './support/browser';
import { startTillRig, type TillRig } from './support/tillRig';

const product = demoProducts(300)[0]!;
const rub = (minor: number) => formatMoney(minor, 'RUB', 'en-GB');

type TrpcAnswer<T> = { result?: { data: T }; error?: unknown };

describe.skipIf(chromiumMissing)('a store with cashiers: sign-in, shift and Z report', () => {
  let rig: TillRig;
  let cookie = '';
  beforeAll(async () => {
    rig = await startTillRig('shift');
  });
  afterAll(() => rig?.close());

  /** HQ over plain HTTP, as any API client calls it (no browser, so no Origin to check). */
  async function hq<T>(path: string, input?: unknown, mutation = false): Promise<T> {
    const url = `${rig.server.url}/trpc/${path}`;
    const res = mutation
      ? await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie },
          body: JSON.stringify(input ?? {}),
        })
      : await fetch(
          `${url}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`,
          {
            headers: { cookie },
          },
        );
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) cookie = setCookie.split(';')[0]!;
    const body = (await res.json()) as TrpcAnswer<T>;
    if (!body.result) throw new Error(`${path}: ${JSON.stringify(body.error)}`);
    return body.result.data;
  }

  it('locks the till until a cashier signs in, sells in the shift, closes it with a Z report, and HQ has it once', async () => {
    await hq('hq.login', { email: 'admin@demo.omnitill.org', password: rig.server.adminPassword() }, true);
    const { stores } = await hq<{ stores: { id: string; code: string }[] }>('hq.stores');
    const store = stores.find((s) => s.code === 'MSK-01')!;
    await hq('hq.createCashier', { storeId: store.id, name: 'Olga', role: 'manager', pin: '4821' }, true);

    const page = await rig.context.newPage();
    await page.goto(rig.storeUrl);
    await page.getByTestId('enrol-code').fill(rig.server.enrolmentCode('MSK-01'));
    await page.getByTestId('enrol-name').fill('Till 1');
    await page.getByTestId('enrol-submit').click();

    // The pulled cashier locks the till: nothing sells before a PIN.
    await page.getByTestId('sign-in').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('scan-input').count()).toBe(0);
    await page.getByTestId('pin-input').fill('1111');
    await page.getByTestId('pin-submit').click();
    await expect
      .poll(() => page.getByTestId('pin-message').innerText(), { timeout: 15_000 })
      .toMatch(/wrong pin/i);
    await page.getByTestId('pin-input').fill('4821');
    await page.getByTestId('pin-submit').click();

    await page.getByTestId('opening-cash').fill('1000');
    await page.getByTestId('open-shift-submit').click();
    await page.getByTestId('scan-input').waitFor();

    const input = page.getByTestId('scan-input');
    await input.fill(product.gtin);
    await input.press('Enter');
    const total = lineTotal(1000, product.priceMinor);
    await expect.poll(() => page.getByTestId('total').innerText(), { timeout: 15_000 }).toBe(rub(total));
    await page.getByTestId('confirm').click();
    await expect.poll(() => page.getByTestId('last-sale').innerText(), { timeout: 15_000 }).toContain(rub(0));

    // Close the shift counting 50.00 less than the drawer should hold.
    const expected = 100_000 + total;
    await page.getByTestId('z-report').click();
    await page.getByTestId('shift-amount').fill(((expected - 5_000) / 100).toFixed(2));
    await page.getByTestId('shift-submit').click();
    // The closed shift's Z report stays readable where the next shift is opened.
    await expect
      .poll(() => page.getByTestId('last-z-report').innerText(), { timeout: 15_000 })
      .toContain(rub(-5_000));
    await page.getByTestId('open-shift').waitFor();
    await screenshot(page, 'till-z-report');

    await expect
      .poll(
        async () => {
          const shifts = await hq<{ closed: { differenceMinor: number } | null; syncedSalesCount: number }[]>(
            'hq.storeShifts',
            { storeId: store.id },
          );
          return shifts.map((s) => [s.syncedSalesCount, s.closed?.differenceMinor ?? null]);
        },
        { timeout: 60_000, interval: 500 },
      )
      .toEqual([[1, -5_000]]);
  });
});
