import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScannerBridge, type ScannerBridge } from '../../tools/scanners/localBridge';
import { startStoreHost, type StoreHost } from '../../tools/storeHost';
import { demoCardNumber, demoCustomers, demoMarkedItems, demoProducts } from '../../server/seed/demoData';
import { maskName } from '../../shared/domain/identifiers';
import { chromiumMissing, launchChromium, screenshot } from './support/browser';
import {
  CTRL_BRACKET,
  ENTER,
  FakeScannerFeed,
  frontScanner,
  scannerTypes,
  until,
  wireKeys,
} from './support/scanners';
import { freePort, startServerProcess, type ServerProcess } from './support/serverProcess';

const products = demoProducts(300);
const card = demoCardNumber(1);
const customer = demoCustomers(1)[0]!;
const GS = '\x1d';

describe.skipIf(chromiumMissing)('keyboard-wedge scanners at the till, in Chromium', () => {
  let server: ServerProcess;
  let host: StoreHost;
  let bridge: ScannerBridge;
  let context: BrowserContext;
  let page: Page;
  const feed = new FakeScannerFeed();

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'omnitill-e2e-wedge-'));
    server = await startServerProcess(await freePort(), dataDir);
    feed.setStatus(frontScanner('open'));
    bridge = createScannerBridge(feed, { heartbeatMs: 60_000 });
    host = await startStoreHost({
      rendererDist: resolve(import.meta.dirname, '../../dist/renderer'),
      port: 0,
      handle: bridge.handle,
    });
    context = await launchChromium();
    page = await context.newPage();
    await page.goto(`${host.url}/?server=${encodeURIComponent(server.url)}`);
    await page.getByTestId('enrol-code').fill(server.enrolmentCode('MSK-01'));
    await page.getByTestId('enrol-name').fill('Till 1');
    await page.getByTestId('enrol-submit').click();
    await until(async () => (await page.getByTestId('status-bar').innerText()).includes('300 / 300'), 30_000);
  });

  afterAll(async () => {
    await context?.close();
    bridge?.close();
    await host?.close();
    await server?.stop();
  });

  const lines = () => page.getByTestId('cart-lines').innerText();
  const scanInput = () => page.getByTestId('scan-input');

  it('takes keys at scanner speed as one scan: the card shows its customer, the scan box stays empty', async () => {
    await scanInput().focus();
    await scannerTypes(page, [...wireKeys(card), ENTER]);
    await expect.poll(() => page.getByTestId('customer').innerText(), { timeout: 15_000 }).toContain(card);
    // The customer's name comes from the till's database a moment after the card number shows.
    await expect
      .poll(() => page.getByTestId('customer').innerText(), { timeout: 15_000 })
      .toContain(maskName(customer.name));
    expect(await page.getByTestId('customer').innerText()).not.toMatch(/not in this till/);
    expect(await scanInput().inputValue()).toBe('');
    await screenshot(page, 'wedge-till');
  });

  it('leaves people typing at 80 ms and slower alone; their Enter still adds the code', async () => {
    const product = products[3]!;
    await scanInput().focus();
    await page.keyboard.type(product.gtin, { delay: 110 });
    expect(await scanInput().inputValue()).toBe(product.gtin);
    await page.keyboard.press('Enter');
    await expect.poll(lines, { timeout: 15_000 }).toContain(product.name);
    await expect.poll(() => scanInput().inputValue(), { timeout: 15_000 }).toBe('');
  });

  it('takes a scan typed into another input and gives the input back what the person had', async () => {
    const product = products[4]!;
    const cash = page.getByTestId('cash-input');
    await cash.focus();
    await page.keyboard.type('12', { delay: 120 });
    await new Promise((r) => setTimeout(r, 300));
    await scannerTypes(page, [...wireKeys(product.gtin), ENTER]);
    await expect.poll(lines, { timeout: 15_000 }).toContain(product.name);
    expect(await cash.inputValue()).toBe('12');
  });

  it('reads the right code under a Russian layout (]E0 arrives as ъУ0)', async () => {
    const product = products[5]!;
    await scanInput().focus();
    const keys = wireKeys(`]E0${product.gtin}`, 'ru');
    expect(keys.slice(0, 3).map((k) => k.key)).toEqual(['ъ', 'У', '0']);
    await scannerTypes(page, [...keys, ENTER]);
    expect(await scanInput().inputValue()).toBe('');
    await expect.poll(lines, { timeout: 15_000 }).toContain(product.name);
    expect(await page.getByTestId('scan-message').count()).toBe(0);
  });

  it('keeps a marking code’s GS typed as Ctrl+] and refuses the same unit twice', async () => {
    const product = products[6]!;
    const [head, tail] = [`010${product.gtin}21SERIALabc01`, '93Zx9q'];
    await scanInput().focus();
    const keys = [...wireKeys(head), CTRL_BRACKET, ...wireKeys(tail), ENTER];
    await scannerTypes(page, keys);
    await expect.poll(lines, { timeout: 15_000 }).toContain(product.name);
    await scannerTypes(page, keys);
    await expect
      .poll(() => page.getByTestId('scan-message').innerText(), { timeout: 15_000 })
      .toContain('already in the sale');
    expect(await page.getByTestId('scan-message').innerText()).toContain('SERIALabc01');
    await screenshot(page, 'wedge-till-lines');
  });

  it('refuses a marked product’s plain barcode, asking for the code on the pack, and sells it by that code', async () => {
    const milk = demoMarkedItems()[1]!;
    await scanInput().focus();
    await scannerTypes(page, [...wireKeys(milk.gtin), ENTER]);
    await expect
      .poll(() => page.getByTestId('scan-message').innerText(), { timeout: 15_000 })
      .toContain('scan the DataMatrix code');
    expect(await lines()).not.toContain(milk.name);
    await scannerTypes(page, [
      ...wireKeys(`010${milk.gtin}21MILK001`),
      CTRL_BRACKET,
      ...wireKeys('93Ab1c'),
      ENTER,
    ]);
    await expect.poll(lines, { timeout: 15_000 }).toContain(milk.name);
  });

  it('adds scans from device scanners arriving over the local host’s event stream', async () => {
    const product = products[7]!;
    await expect
      .poll(
        async () => {
          // The page subscribes after load; scan until its stream is connected.
          if (!(await lines()).includes(product.name)) feed.scan(product.gtin, ']E0');
          return lines();
        },
        { timeout: 15_000 },
      )
      .toContain(product.name);
  });

  it('shows devices live, the last scans with GS visible, and keeps the wedge thresholds', async () => {
    await page.getByTestId('tab-scanners').click();
    const settings = page.getByTestId('scanner-settings');
    await settings.waitFor();
    await expect
      .poll(() => page.getByTestId('scanner-link').innerText(), { timeout: 15_000 })
      .toContain('connected');
    await expect.poll(() => page.getByTestId('device-state').innerText(), { timeout: 15_000 }).toBe('Open');
    feed.setStatus(frontScanner('lost'));
    await expect.poll(() => page.getByTestId('device-state').innerText(), { timeout: 15_000 }).toBe('Lost');

    const rows = await page.getByTestId('scan-row').allInnerTexts();
    expect(
      rows.some(
        (row) => row.includes(card) && row.includes('Loyalty card') && row.includes('Keyboard wedge'),
      ),
    ).toBe(true);
    const raws = await page.getByTestId('scan-raw').allInnerTexts();
    expect(raws).toContain(`010${products[6]!.gtin}21SERIALabc01␝93Zx9q`);
    expect(raws.join('')).not.toContain(GS);
    expect(rows.some((row) => row.includes(']E0') && row.includes('Serial'))).toBe(true);
    await screenshot(page, 'scanner-settings');

    // The sale in progress waits behind the settings.
    await page.getByTestId('tab-till').click();
    expect(await lines()).toContain(products[7]!.name);
    await page.getByTestId('tab-scanners').click();

    await page.getByTestId('wedge-maxAvgGapMs').fill('95');
    await page.getByTestId('wedge-save').click();
    await expect
      .poll(() => page.getByTestId('wedge-error').innerText(), { timeout: 15_000 })
      .toContain('maxAvgGapMs');
    await page.getByTestId('wedge-maxAvgGapMs').fill('40');
    await page.getByTestId('wedge-save').click();
    await page.reload();
    await page.getByTestId('tab-scanners').click();
    expect(await page.getByTestId('wedge-maxAvgGapMs').inputValue()).toBe('40');
  });
});
