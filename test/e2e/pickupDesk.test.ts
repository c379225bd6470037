import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoProducts } from '../../server/seed/demoData';
import { chromiumMissing, screenshot } from './support/browser';
import { sendDemoOrder } from './support/demoShop';
import { startTillRig, type TillRig } from './support/tillRig';

const [mug, kettle] = demoProducts(300);
const ORDER = 'WEB-20451';

type TrpcAnswer<T> = { result?: { data: T }; error?: unknown };
type ShopEvent = {
  type: string;
  order: { orderNumber: string };
  status: string;
  pickupCode: string | null;
  qr: string | null;
  lines: { lineId: string; quantity: number; collectedQuantity: number }[];
};

/** Where the shop would receive our status webhooks: every POST body, in arrival order. */
async function startShopReceiver(): Promise<{
  url: string;
  events: ShopEvent[];
  close: () => Promise<void>;
}> {
  const events: ShopEvent[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      events.push(JSON.parse(body) as ShopEvent);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/omnitill-events`,
    events,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Click-and-collect end to end: a shop's signed order reaches the store's desk by sync, the desk
 * goes offline, finds it by the QR from the "ready" message, refuses a wrong code, takes the right
 * one and hands out part; back online, HQ and the shop see the partly collected order once, and
 * HQ's pages show the order, its one pickup and the shop's delivered status webhooks.
 */
describe.skipIf(chromiumMissing)('the pickup desk, in Chromium against the real server', () => {
  let rig: TillRig;
  let shop: Awaited<ReturnType<typeof startShopReceiver>>;
  let cookie = '';
  beforeAll(async () => {
    rig = await startTillRig('pickup');
    shop = await startShopReceiver();
  });
  afterAll(async () => {
    await rig?.close();
    await shop?.close();
  });

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

  /** The order as the demo shop sends it, in the generic format with its HMAC signature. */
  const sendOrder = () =>
    sendDemoOrder(rig.server.output(), {
      externalId: ORDER,
      orderNumber: ORDER,
      sourceUpdatedAt: new Date().toISOString(),
      placedAt: new Date().toISOString(),
      platformStatus: 'paid',
      paid: true,
      currency: 'RUB',
      totalMinor: 2 * mug!.priceMinor + kettle!.priceMinor,
      customer: { phone: '+79160000042', name: 'Anna Petrova', email: 'anna.p@example.com' },
      lines: [
        {
          lineId: '1',
          name: mug!.name,
          gtin: mug!.gtin,
          quantity: 2,
          unitPriceMinor: mug!.priceMinor,
          totalMinor: 2 * mug!.priceMinor,
          groupId: 'g1',
        },
        {
          lineId: '2',
          name: kettle!.name,
          gtin: kettle!.gtin,
          quantity: 1,
          unitPriceMinor: kettle!.priceMinor,
          totalMinor: kettle!.priceMinor,
          groupId: 'g1',
        },
      ],
      groups: [{ id: 'g1', method: 'pickup', locationId: 'MSK-01' }],
    });

  const rowState = (page: Page) =>
    page
      .locator(`[data-testid="pickup-row"][data-order="${ORDER}"] [data-testid="pickup-state"]`)
      .getAttribute('data-state');
  const syncNow = (page: Page) => page.getByRole('button', { name: 'Sync now' }).click();

  it('hands out part of an order offline and the server, HQ and the shop learn it once', async () => {
    await hq('hq.login', { email: 'admin@demo.omnitill.org', password: rig.server.adminPassword() }, true);
    const { stores } = await hq<{ stores: { id: string; code: string }[] }>('hq.stores');
    const store = stores.find((s) => s.code === 'MSK-01')!;
    await hq('hq.webshop.updateConnection', { id: 'demo-generic', outboundUrl: shop.url }, true);
    expect(await sendOrder()).toBe(200);

    const page = await rig.context.newPage();
    await page.goto(rig.storeUrl);
    await page.getByTestId('enrol-code').fill(rig.server.enrolmentCode('MSK-01'));
    await page.getByTestId('enrol-name').fill('Desk 1');
    await page.getByTestId('enrol-submit').click();
    await page.getByTestId('tab-pickup').click();
    await expect.poll(() => rowState(page), { timeout: 60_000, interval: 500 }).toBe('awaiting');

    // The store picks the order: the shop is told it is ready, with the code and the QR to show.
    const [listed] = await hq<{ orderId: string; orderNumber: string }[]>('hq.webshop.orders', {
      storeId: store.id,
    });
    expect(listed?.orderNumber).toBe(ORDER);
    await hq('hq.webshop.markReady', { orderId: listed!.orderId, storeId: store.id }, true);
    await expect
      .poll(() => shop.events.filter((e) => e.type === 'pickup.ready').length, { timeout: 30_000 })
      .toBe(1);
    const ready = shop.events.find((e) => e.type === 'pickup.ready')!;
    expect(ready.pickupCode).toMatch(/^\d{6}$/);
    expect(ready.qr).toContain(`OMNI-O:${ORDER}:`);
    await expect
      .poll(
        async () => {
          await syncNow(page);
          return rowState(page);
        },
        { timeout: 60_000, interval: 1000 },
      )
      .toBe('ready');
    await screenshot(page, 'pickup-order-list');

    // Offline from here: the desk has everything it needs in its own database.
    await rig.stopServer();
    const search = page.getByTestId('pickup-search');
    await search.fill(ready.qr!);
    await search.press('Enter');
    await expect
      .poll(() => page.getByTestId('pickup-order-number').innerText(), { timeout: 15_000 })
      .toBe(ORDER);
    await expect
      .poll(() => page.getByTestId('pickup-customer').innerText(), { timeout: 15_000 })
      .toContain('0042');
    await screenshot(page, 'pickup-order-found');

    const wrong = ready.pickupCode === '000000' ? '111111' : '000000';
    await page.keyboard.press('F4');
    await page.getByTestId('pickup-code').fill(wrong);
    await page.getByTestId('pickup-code').press('Enter');
    await expect
      .poll(() => page.getByTestId('pickup-message').innerText(), { timeout: 15_000 })
      .toContain('Wrong pickup code');
    // The count left is read back from the till's database a moment after the message shows.
    await expect
      .poll(() => page.getByTestId('pickup-attempts').innerText(), { timeout: 15_000 })
      .toBe('4 attempts left');
    await screenshot(page, 'pickup-wrong-code');

    await page.getByTestId('pickup-code').fill(ready.pickupCode!);
    await page.getByTestId('pickup-code').press('Enter');
    await page.getByTestId('pickup-verified').waitFor();
    // The customer takes one mug of two: the other is refused with its reason.
    await page.getByTestId('pickup-handed').first().fill('1');
    await page.getByTestId('pickup-reason').fill('handle chipped');
    await screenshot(page, 'pickup-hand-out');
    await page.keyboard.press('F12');
    await expect
      .poll(() => page.getByTestId('pickup-sync-state').getAttribute('data-state'), { timeout: 15_000 })
      .toBe('pending');
    // The list reads the desk's database in a query of its own, so it may show the hand-out a moment after the slip.
    await expect.poll(() => rowState(page), { timeout: 10_000 }).toBe('pending_sync');

    await rig.restartServer();
    await expect
      .poll(
        async () => {
          await syncNow(page);
          return rowState(page);
        },
        { timeout: 60_000, interval: 1000 },
      )
      .toBe('partly_collected');
    await expect
      .poll(() => page.getByTestId('pickup-sync-state').getAttribute('data-state'), { timeout: 10_000 })
      .toBe('applied');
    await screenshot(page, 'pickup-done');
    // The same screen in Russian, for a person to check that the longer words fit.
    await page.getByRole('button', { name: 'RU' }).click();
    await expect
      .poll(() => page.getByTestId('tab-pickup').innerText(), { timeout: 15_000 })
      .toBe('Выдача заказов');
    await screenshot(page, 'pickup-done-ru');

    const [after] = await hq<
      { orderNumber: string; status: string; lines: { collectedQuantity: number }[] }[]
    >('hq.webshop.orders', { storeId: store.id });
    expect(after).toMatchObject({ orderNumber: ORDER, status: 'partly_collected' });
    expect(after!.lines.map((l) => l.collectedQuantity)).toEqual([1, 1]);
    await expect
      .poll(() => shop.events.filter((e) => e.type === 'pickup.partly_collected').length, { timeout: 30_000 })
      .toBe(1);
    const collected = shop.events.filter((e) => e.type === 'pickup.partly_collected');
    expect(collected).toHaveLength(1);
    expect(collected[0]!.lines.map((l) => [l.lineId, l.collectedQuantity])).toEqual([
      ['1', 1],
      ['2', 1],
    ]);

    // HQ's pages show the same: the order collected once, and the shop's receiver has both events.
    await expect
      .poll(
        async () =>
          (
            await hq<{ outbound: { status: string }[] }>('hq.webshop.order', { orderId: listed!.orderId })
          ).outbound.map((e) => e.status),
        { timeout: 30_000 },
      )
      .toEqual(['delivered', 'delivered']);
    const office = await rig.context.newPage();
    await office.goto(`${rig.server.url}/hq/#orders`);
    await office.getByTestId('login-email').fill('admin@demo.omnitill.org');
    await office.getByTestId('login-password').fill(rig.server.adminPassword());
    await office.getByTestId('login-password').press('Enter');
    // The language is the browser's, and the desk above was last switched to Russian.
    const lang = office.getByTestId('hq-lang');
    await office.getByTestId('nav-attention').waitFor();
    if ((await lang.innerText()) === 'EN') await lang.click();
    await expect.poll(() => lang.innerText(), { timeout: 15_000 }).toBe('RU');
    await office.getByTestId('orders-search').fill(ORDER.replace('WEB-', ''));
    await office.getByTestId('orders-search').press('Enter');
    await expect
      .poll(() => office.getByTestId('order-row').allInnerTexts(), { timeout: 15_000 })
      .toEqual([
        expect.stringMatching(/WEB-20451[\s\S]*Tverskaya[\s\S]*partly collected[\s\S]*2 of 3 handed out/i),
      ]);
    await screenshot(office, 'hq-online-orders');
    await office.getByRole('button', { name: ORDER }).click();
    await expect
      .poll(() => office.getByTestId('part-status').innerText(), { timeout: 15_000 })
      .toBe('partly collected');
    const pickups = await office.getByTestId('order-pickups').locator('li').allInnerTexts();
    expect(pickups).toHaveLength(1);
    expect(pickups[0]).toMatch(/handed out 2, refused 1 · Desk 1/);
    expect(await office.getByTestId('order-history').locator('li').allInnerTexts()).toEqual([
      expect.stringContaining('created: awaiting picking'),
      expect.stringContaining('awaiting picking → ready for pickup'),
      expect.stringContaining('ready for pickup → partly collected'),
    ]);
    const sent = office.getByTestId('outbound-event');
    expect(await sent.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')))).toEqual([
      'delivered',
      'delivered',
    ]);
    expect(await sent.allInnerTexts()).toEqual([
      expect.stringMatching(/^pickup\.ready · delivered/),
      expect.stringMatching(/^pickup\.partly_collected · delivered/),
    ]);
    await screenshot(office, 'hq-online-order-detail');
    await lang.click();
    await expect
      .poll(() => office.getByTestId('part-status').innerText(), { timeout: 15_000 })
      .toBe('выдан частично');
    await screenshot(office, 'hq-online-order-detail-ru');
    await lang.click();

    await office.getByTestId('nav-attention').click();
    await expect
      .poll(() => office.getByTestId('shelf').innerText(), { timeout: 15_000 })
      .toContain('Nothing here.');
    await screenshot(office, 'hq-needs-attention');
    await office.getByTestId('nav-webshops').click();
    const demo = office.getByTestId('connection-row').filter({ hasText: 'demo-generic' });
    await expect
      .poll(() => demo.getByTestId('connection-outbound').innerText(), { timeout: 15_000 })
      .toContain('2 delivered');
    await screenshot(office, 'hq-web-shops');
  });
});
