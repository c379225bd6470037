import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCardNumber } from '../../server/seed/demoData';
import { formatMoney } from '../../shared/domain/money';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { makeSale, saleOp } from '../server/support/chain';
import { chromiumMissing, launchChromium, screenshot } from './support/browser';
import { freePort, startServerProcess, type ServerProcess } from './support/serverProcess';

const card = demoCardNumber(3);

describe.skipIf(chromiumMissing)('HQ lists a customer’s purchases beyond one page', () => {
  let server: ServerProcess;
  let context: BrowserContext;
  beforeAll(async () => {
    server = await startServerProcess(await freePort(), mkdtempSync(join(tmpdir(), 'omnitill-e2e-paging-')));
    context = await launchChromium();
  });
  afterAll(async () => {
    await context?.close();
    await server?.stop();
  });

  const call = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(`${server.url}/trpc/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { result: { data: unknown } }).result.data;
  };

  it('says how many purchases and their total, and shows more on request', async () => {
    const till = (await call('device.enroll', { code: server.enrolmentCode('MSK-01'), name: 'Till 9' })) as {
      deviceId: string;
      token: string;
    };
    const sales = Array.from({ length: 70 }, (_, i) =>
      makeSale({ receiptNo: `P-${i}`, cardNumber: card }, [[10_000 + i, 1000]]),
    );
    await call(
      'sync.push',
      { deviceId: till.deviceId, installId: uuidv7(), ops: sales.map((s, i) => saleOp(i + 1, s)) },
      till.token,
    );
    const total = sales.reduce((sum, s) => sum + s.totalMinor, 0);

    const page = await context.newPage();
    await page.goto(`${server.url}/hq/?q=${card}`);
    await page.getByTestId('login-email').fill('admin@demo.omnitill.org');
    await page.getByTestId('login-password').fill(server.adminPassword());
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('purchase').count(), { timeout: 15_000 }).toBe(50);
    expect(await page.getByTestId('purchase-count').getAttribute('data-count')).toBe('70');
    expect(await page.getByTestId('purchase-sum').innerText()).toBe(formatMoney(total, 'RUB', 'en-GB'));
    await screenshot(page, 'hq-purchases-paged');
    await page.getByTestId('purchases-more').click();
    await expect.poll(() => page.getByTestId('purchase').count(), { timeout: 15_000 }).toBe(70);
    expect(await page.getByTestId('purchases-more').count()).toBe(0);
  });
});
