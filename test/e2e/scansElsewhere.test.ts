import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScannerBridge, type ScannerBridge } from '../../tools/scanners/localBridge';
import { startStoreHost, type StoreHost } from '../../tools/storeHost';
import { demoProducts } from '../../server/seed/demoData';
import { chromiumMissing, launchChromium, screenshot } from './support/browser';
import { ENTER, FakeScannerFeed, frontScanner, scannerTypes, wireKeys } from './support/scanners';
import { freePort, startServerProcess, type ServerProcess } from './support/serverProcess';

const products = demoProducts(300);

/**
 * A scan made while the sale screen is not in front (the enrolment form, the Scanners tab) is
 * used where the cashier expects or shown with an offer to add it; it is never dropped in silence.
 */
describe.skipIf(chromiumMissing)('scans away from the sale screen, in Chromium', () => {
  let server: ServerProcess;
  let host: StoreHost;
  let bridge: ScannerBridge;
  let context: BrowserContext;
  let page: Page;
  const feed = new FakeScannerFeed();

  beforeAll(async () => {
    server = await startServerProcess(
      await freePort(),
      mkdtempSync(join(tmpdir(), 'omnitill-e2e-elsewhere-')),
    );
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
  });

  afterAll(async () => {
    await context?.close();
    bridge?.close();
    await host?.close();
    await server?.stop();
  });

  const codeField = () => page.getByTestId('enrol-code');
  const scanMessage = () => page.getByTestId('enrol-scan-message').innerText();
  const lines = () => page.getByTestId('cart-lines').innerText();
  const heldCodes = () => page.getByTestId('held-code').allInnerTexts();

  it('on the enrolment screen, names a scan that is not an enrolment code and leaves the field alone', async () => {
    const product = products[0]!;
    await codeField().focus();
    await scannerTypes(page, [...wireKeys(product.gtin), ENTER]);
    await expect.poll(scanMessage, { timeout: 15_000 }).toContain(product.gtin);
    expect(await scanMessage()).toContain('Product');
    expect(await scanMessage()).toContain('not an enrolment code');
    expect(await codeField().inputValue()).toBe('');

    // A device scanner's scan over the store host's event stream gets the same answer.
    const order = 'OMNI-O:WEB-10042';
    await expect
      .poll(
        async () => {
          // The page subscribes after load; scan until its stream is connected.
          if (!(await scanMessage()).includes(order)) feed.scan(order);
          return scanMessage();
        },
        { timeout: 15_000 },
      )
      .toContain(order);
    expect(await scanMessage()).toContain('Order');
    await screenshot(page, 'enrol-scan-refused');
  });

  it('fills the enrolment code field from a scan of the code, without its dash, and enrols', async () => {
    const code = server.enrolmentCode('MSK-01');
    await codeField().focus();
    await scannerTypes(page, [...wireKeys(code.replace('-', '').toLowerCase()), ENTER]);
    await expect.poll(() => codeField().inputValue(), { timeout: 15_000 }).toBe(code);
    await expect.poll(scanMessage, { timeout: 15_000 }).toContain(`Enrolment code scanned: ${code}`);
    await screenshot(page, 'enrol-scan-filled');

    await page.getByTestId('enrol-submit').click();
    await expect
      .poll(() => page.getByTestId('status-bar').innerText(), { timeout: 30_000 })
      .toContain('300 / 300');
  });

  it('on the Scanners tab, logs a device scan and offers it to the sale, which takes it on request', async () => {
    const product = products[1]!;
    await page.getByTestId('tab-scanners').click();
    await expect
      .poll(() => page.getByTestId('scanner-link').innerText(), { timeout: 15_000 })
      .toContain('connected');

    feed.scan(product.gtin, ']E0');
    await expect
      .poll(() => page.getByTestId('recent-scans').innerText(), { timeout: 15_000 })
      .toContain(product.gtin);
    await expect.poll(heldCodes, { timeout: 15_000 }).toEqual([product.gtin]);
    expect(await page.getByTestId('held-scans').innerText()).toContain('not in front');
    await screenshot(page, 'scanners-held-scan');

    await page.getByTestId('held-act').click();
    await expect
      .poll(() => page.getByTestId('tab-till').getAttribute('aria-selected'), { timeout: 15_000 })
      .toBe('true');
    await expect.poll(lines, { timeout: 15_000 }).toContain(product.name);
    await expect.poll(() => page.getByTestId('held-scans').count(), { timeout: 15_000 }).toBe(0);
  });

  it('on the Scanners tab, keeps a wedge scan typed into a settings field and offers it on the till too', async () => {
    const product = products[2]!;
    await page.getByTestId('tab-scanners').click();
    const gsText = page.getByTestId('wedge-gsText');
    await gsText.focus();
    await scannerTypes(page, [...wireKeys(product.gtin), ENTER]);
    await expect.poll(heldCodes, { timeout: 15_000 }).toEqual([product.gtin]);
    expect(await gsText.inputValue()).toBe('');

    // Back on the till by its tab, the scan still waits for the cashier's word.
    await page.getByTestId('tab-till').click();
    expect(await lines()).not.toContain(product.name);
    expect(await heldCodes()).toEqual([product.gtin]);
    await page.getByTestId('held-act').click();
    await expect.poll(lines, { timeout: 15_000 }).toContain(product.name);
    expect(await lines()).toContain(products[1]!.name);
  });
});
