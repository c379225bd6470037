import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoCardNumber, demoCustomers } from '../../server/seed/demoData';
import { shiftMonth } from '../../shared/domain/figureMonths';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { makeSale, saleOp } from '../server/support/chain';
import { chromiumMissing, screenshot } from './support/browser';
import { serverAndBrowser } from './support/serverAndBrowser';
import { kettleOrder, sendDemoOrder } from './support/demoShop';

const [anna] = demoCustomers(1);
const THIS_MONTH = new Date().toISOString().slice(0, 7);
const LAST_MONTH = shiftMonth(THIS_MONTH, -1);

/**
 * HQ's figures page on the real server: a till's sales with and without cards over two months, a
 * card holder's order for pickup and a stranger's for delivery through the demo shop's signed
 * webhook; an admin reads the linked share, omnichannel and repeat customers, the channel mix and
 * lifetime value in Chromium, in both languages, and downloads the same table as CSV.
 */
describe.skipIf(chromiumMissing)('HQ figures, in Chromium against the real server', () => {
  const rig = serverAndBrowser('figures');

  /** The tills' API as a till calls it: its token, plain JSON over HTTP. */
  async function trpc<T>(path: string, input: unknown, token = ''): Promise<T> {
    const answer = await fetch(`${rig.server.url}/trpc/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(input),
    }).then((res) => res.json() as Promise<{ result?: { data: T }; error?: unknown }>);
    if (!answer.result) throw new Error(`${path}: ${JSON.stringify(answer.error)}`);
    return answer.result.data;
  }

  async function sendOrder(
    number: string,
    placedAt: string,
    customer: object,
    group: Parameters<typeof kettleOrder>[0]['group'],
  ) {
    expect(await sendDemoOrder(rig.server.output(), kettleOrder({ number, placedAt, customer, group }))).toBe(
      200,
    );
  }

  const row = (page: Page, month: string) =>
    page.locator(`[data-testid="figures-row"][data-month="${month}"] td`).allInnerTexts();

  it('shows linked share, omnichannel and repeat customers, channel mix and LTV, and downloads them', async () => {
    const till = await trpc<{ deviceId: string; token: string }>('device.enroll', {
      code: rig.server.enrolmentCode('MSK-01'),
      name: 'Till figures',
    });
    const at = (month: string, day: number) => `${month}-${String(day).padStart(2, '0')}T10:00:00.000Z`;
    const sales = [
      makeSale({ cardNumber: anna!.cardNumber, wallTime: at(LAST_MONTH, 3) }, [[100_000, 1000]]),
      makeSale({ cardNumber: demoCardNumber(2), wallTime: at(LAST_MONTH, 4) }, [[50_000, 1000]]),
      makeSale({ cardNumber: null, wallTime: at(LAST_MONTH, 5) }, [[30_000, 1000]]),
      makeSale({ cardNumber: anna!.cardNumber, wallTime: new Date().toISOString() }, [[20_000, 1000]]),
      makeSale({ cardNumber: null, wallTime: new Date().toISOString() }, [[10_000, 1000]]),
    ];
    const pushed = await trpc<{ results: { status: string }[] }>(
      'sync.push',
      { deviceId: till.deviceId, installId: uuidv7(), ops: sales.map((s, i) => saleOp(i + 1, s)) },
      till.token,
    );
    expect(pushed.results.map((r) => r.status)).toEqual(sales.map(() => 'applied'));
    // Anna orders as a guest with the phone and email on her card; a stranger has his delivered.
    await sendOrder(
      'WEB-7001',
      at(LAST_MONTH, 6),
      { phone: anna!.phone, email: anna!.email, name: anna!.name },
      {
        method: 'pickup',
        locationId: 'MSK-01',
      },
    );
    await sendOrder(
      'WEB-7002',
      new Date().toISOString(),
      { email: 'stranger@example.com', name: 'Ivan Ivanov' },
      {
        method: 'delivery',
      },
    );

    const page = await rig.context.newPage();
    await page.goto(`${rig.server.url}/hq/#figures`);
    await page.getByTestId('login-email').fill('admin@demo.omnitill.org');
    await page.getByTestId('login-password').fill(rig.server.adminPassword());
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-figures').waitFor();
    // The webhook is applied by the server's worker a moment after it is accepted.
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.getByTestId('tile-mix-value').innerText();
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe(`${Math.round((500_000 / 710_000) * 1000) / 10}%`);

    // Twelve months up to this one by default, a bar for each.
    expect(await page.getByTestId('figures-to').inputValue()).toBe(THIS_MONTH);
    expect(await page.getByTestId('figures-from').inputValue()).toBe(shiftMonth(THIS_MONTH, -11));
    expect(await page.getByTestId('chart-mix').getByTestId('chart-bar').count()).toBe(12);
    expect(await page.getByTestId('tile-linked-value').innerText()).toBe('60%');
    expect(await page.getByTestId('tile-linked').innerText()).toContain('3 of 5 sales');
    // Anna bought in the store and online, three times; Anna's neighbour once, the stranger once.
    expect(await page.getByTestId('tile-omnichannel-value').innerText()).toBe('33.3%');
    expect(await page.getByTestId('tile-repeat-value').innerText()).toBe('33.3%');
    expect(await page.getByTestId('ltv-omnichannel').innerText()).toContain('3,700.00');
    expect(await page.getByTestId('ltv-store').innerText()).toContain('500.00');
    expect(await page.getByTestId('ltv-online').innerText()).toContain('2,500.00');
    expect(await row(page, LAST_MONTH)).toEqual([
      expect.any(String),
      '3',
      '66.7%',
      expect.stringContaining('1,800.00'),
      '—',
      '1',
      expect.stringContaining('2,500.00'),
      expect.stringContaining('2,500.00'),
      '2',
      '1',
      '1',
    ]);
    expect((await row(page, 'period')).slice(1, 3)).toEqual(['5', '60%']);
    await screenshot(page, 'hq-figures');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('figures-csv').click(),
    ]);
    expect(download.suggestedFilename()).toBe(
      `omnitill-figures-${shiftMonth(THIS_MONTH, -11)}-${THIS_MONTH}.csv`,
    );
    const csv = readFileSync(await download.path(), 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(csv).toHaveLength(1 + 12 + 1);
    expect(csv[0]).toMatch(/^month,currency,store_sales,linked_sales,linked_share,store_revenue,/);
    expect(csv.find((l) => l.startsWith(`${LAST_MONTH},`))).toMatch(
      new RegExp(
        `^${LAST_MONTH},RUB,3,2,0\\.6667,1800\\.00,1500\\.00,0\\.00,1,2500\\.00,2500\\.00,0\\.00,2,1,1,`,
      ),
    );
    expect(csv.at(-1)).toMatch(/,3700\.00,500\.00,2500\.00,,$/);

    // One month only: the range moves, the figures follow.
    await page.getByTestId('figures-from').fill(THIS_MONTH);
    // Each range is counted anew on the server, off its main thread: give it time on a busy machine.
    const counted = { timeout: 30_000 };
    await expect.poll(() => page.getByTestId('chart-mix').getByTestId('chart-bar').count(), counted).toBe(1);
    await expect.poll(() => page.getByTestId('tile-linked-value').innerText(), counted).toBe('50%');

    await page.getByTestId('hq-lang').click();
    await expect.poll(() => page.getByTestId('nav-figures').innerText(), counted).toBe('Показатели');
    await page.getByTestId('figures-from').fill(shiftMonth(THIS_MONTH, -11));
    await expect.poll(() => page.getByTestId('chart-mix').getByTestId('chart-bar').count(), counted).toBe(12);
    await screenshot(page, 'hq-figures-ru');
  });
});
