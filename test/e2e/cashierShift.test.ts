import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import {
  DEMO_LOYALTY_CONFIG,
  demoCardNumber,
  demoLoyaltyStart,
  demoProducts,
  gs1CheckDigit,
} from '../../server/seed/demoData';
import { normalizeLinkCode } from '../../shared/barcode/serverCodes';
import { formatMoney, lineTotal } from '../../shared/domain/money';
import { returnFigures } from '../../shared/domain/saleReturn';
import type { ShiftFigures } from '../../shared/domain/shift';
import { applyBurn, pointsEarned, priceBasket } from '../../shared/loyalty';
import { chromiumMissing } from './support/browser';
import { startTillRig, type TillRig } from './support/tillRig';

const products = demoProducts(300);
const rub = (minor: number) => formatMoney(minor, 'RUB', 'en-GB');
const ean13 = (body12: string) => body12 + String(gs1CheckDigit(body12));
/** The third demo card: a Silver customer (3 % off, 2 % back) with welcome points. */
const CARD = demoCardNumber(3);
const start = demoLoyaltyStart(2);
/** A card of the chain's scheme that the demo chain never handed out. */
const NEW_CARD = demoCardNumber(987_001);
/** Bananas (scale item 00001, 119.90 per kg) on a prefix-22 label of 0.750 kg: the default scan rules. */
const BANANAS = { label: ean13('220000100750'), grams: 750, perKgMinor: 11990 };
const PIN = '4821';

/** Where the screenshots go: E2E_SCREENSHOTS when set, else test-artifacts/screenshots (gitignored). */
const SHOTS = process.env.E2E_SCREENSHOTS ?? resolve(import.meta.dirname, '../../test-artifacts/screenshots');

type TrpcAnswer<T> = { result?: { data: T }; error?: unknown };

describe.skipIf(chromiumMissing)('a cashier’s whole shift, by keyboard and scanner, partly offline', () => {
  let rig: TillRig;
  let cookie = '';
  const saved: string[] = [];
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    rig = await startTillRig('cashier-shift');
  });
  afterAll(async () => {
    await rig?.close();
    if (saved.length > 0) console.log(`cashierShift screenshots:\n${saved.map((p) => `  ${p}`).join('\n')}`);
  });

  /** HQ over plain HTTP, as any API client calls it. */
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

  async function shot(target: Page | Locator, name: string) {
    const path = join(SHOTS, `${name}.png`);
    if ('goto' in target) await target.screenshot({ path, fullPage: true });
    else await target.screenshot({ path });
    saved.push(path);
  }

  /**
   * A scanner's code, delivered into the focused field and ended with Enter, as the other till tests
   * inject scans. Not timed key by key: on a loaded test machine the wedge detector's timing would
   * split a burst, which says nothing about the till.
   */
  const scan = async (page: Page, code: string) => {
    const field = page.locator(':focus');
    await field.fill(code);
    await field.press('Enter');
  };
  /** What a person types: slow enough never to pass for a scanner. */
  const type = (page: Page, text: string) => page.keyboard.type(text, { delay: 110 });
  const press = (page: Page, key: string) => page.keyboard.press(key);
  const lines = (page: Page) => page.getByTestId('cart-line').allInnerTexts();
  const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));

  async function signIn(page: Page) {
    await page.getByTestId('sign-in').waitFor({ timeout: 30_000 });
    await expect.poll(() => focused(page), { timeout: 15_000 }).toBe('pin-input');
    await type(page, PIN);
    await press(page, 'Enter');
  }

  it('signs in, sells with points and two cards and cash, returns, issues a card, closes with Z, and HQ has each once', async () => {
    const startedAt = Date.now();
    await hq('hq.login', { email: 'admin@demo.omnitill.org', password: rig.server.adminPassword() }, true);
    const { stores } = await hq<{ stores: { id: string; code: string }[] }>('hq.stores');
    const store = stores.find((s) => s.code === 'MSK-01')!;
    await hq(
      'hq.createCashier',
      { storeId: store.id, name: 'Olga Petrova', role: 'manager', pin: PIN },
      true,
    );

    // Enrolment, sign-in and the opening count: typed, the first field focused by itself.
    const page = await rig.context.newPage();
    // What the till showed when a step failed, for the person reading the failure.
    onTestFailed(() => shot(page, 'cashier-shift-failed'));
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(rig.storeUrl);
    await expect.poll(() => focused(page), { timeout: 15_000 }).toBe('enrol-code');
    await type(page, rig.server.enrolmentCode('MSK-01'));
    await press(page, 'Tab');
    await type(page, 'Till 1');
    await press(page, 'Enter');
    await signIn(page);
    await expect.poll(() => focused(page), { timeout: 15_000 }).toBe('opening-cash');
    await type(page, '1000');
    await press(page, 'Enter');
    await page.getByTestId('scan-input').waitFor();
    await expect
      .poll(() => page.getByTestId('status-bar').innerText(), { timeout: 60_000 })
      .toContain('catalog up to date');
    await expect
      .poll(() => page.getByTestId('shift-cashier').innerText(), { timeout: 15_000 })
      .toBe('Olga Petrova');
    await expect.poll(() => focused(page), { timeout: 15_000 }).toBe('scan-input');

    // The customer's card, from the till's own cache.
    await scan(page, CARD);
    await expect.poll(() => page.getByTestId('customer-tier').count(), { timeout: 10_000 }).toBe(1);
    await expect
      .poll(() => page.getByTestId('customer-tier').innerText(), { timeout: 15_000 })
      .toBe('Silver');
    await expect
      .poll(() => page.getByTestId('customer-points').innerText(), { timeout: 15_000 })
      .toBe(String(start.points));
    await expect
      .poll(() => page.getByTestId('customer-name').innerText(), { timeout: 15_000 })
      .toMatch(/^\S+ \S\.$/);
    await shot(page.getByTestId('customer'), 'cashier-shift-customer-panel');

    // a, then 3* and b, then a weighed label the synced scan rules read as 0.750 kg of bananas.
    const [a, b] = [products[0]!, products[1]!];
    await scan(page, a.gtin);
    await expect.poll(() => lines(page), { timeout: 10_000 }).toHaveLength(1);
    await type(page, '3*');
    await expect.poll(() => page.getByTestId('pending-qty').innerText(), { timeout: 15_000 }).toBe('3 ×');
    await scan(page, b.gtin);
    await expect.poll(() => lines(page), { timeout: 15_000 }).toHaveLength(2);
    await scan(page, BANANAS.label);
    await expect.poll(() => lines(page), { timeout: 15_000 }).toHaveLength(3);
    await expect
      .poll(async () => (await lines(page))[2], { timeout: 15_000 })
      .toContain('Bananas, by weight');
    await expect.poll(async () => (await lines(page))[2], { timeout: 15_000 }).toContain('0.750 kg');

    const saleLines = [
      { lineNo: 1, quantityMilli: 1000, totalMinor: lineTotal(1000, a.priceMinor) },
      { lineNo: 2, quantityMilli: 3000, totalMinor: lineTotal(3000, b.priceMinor) },
      { lineNo: 3, quantityMilli: BANANAS.grams, totalMinor: lineTotal(BANANAS.grams, BANANAS.perKgMinor) },
    ];
    const priced = priceBasket(saleLines, { tierCode: 'silver' }, DEMO_LOYALTY_CONFIG, {
      points: start.points,
      unsyncedBurnedPoints: 0,
      fromCache: true,
    });
    await expect
      .poll(() => page.getByTestId('total').innerText(), { timeout: 15_000 })
      .toBe(rub(priced.totalMinor));
    const before = await lines(page);

    // The server goes away; the page reloads mid-sale (as after a crash) and asks for the PIN again.
    await rig.stopServer();
    await page.reload();
    await signIn(page);
    await page.getByTestId('scan-input').waitFor();
    await expect.poll(() => lines(page), { timeout: 10_000 }).toEqual(before);
    await expect
      .poll(() => page.getByTestId('customer-tier').innerText(), { timeout: 15_000 })
      .toBe('Silver');
    await expect
      .poll(() => page.getByTestId('total').innerText(), { timeout: 15_000 })
      .toBe(rub(priced.totalMinor));
    await expect
      .poll(() => page.getByTestId('conn').innerText(), { timeout: 30_000 })
      .toContain('Server unreachable');
    await shot(page, 'cashier-shift-till-lines');

    // F12: points, Tab, card, Tab, reference, Enter keeps it; a second card; Tab, cash, Enter.
    const points = Math.min(10, priced.maxBurnPoints);
    expect(points).toBeGreaterThan(0);
    const burn = applyBurn(priced, points, DEMO_LOYALTY_CONFIG);
    const card1 = Math.floor(burn.dueMinor / 3);
    const card2 = Math.floor(burn.dueMinor / 4);
    const cashDue = burn.dueMinor - card1 - card2;
    const tendered = Math.ceil((cashDue + 1) / 10_000) * 10_000;
    await press(page, 'F12');
    await expect.poll(() => focused(page), { timeout: 15_000 }).toBe('points-input');
    await type(page, String(points));
    await press(page, 'Tab');
    await expect.poll(() => focused(page), { timeout: 15_000 }).toBe('card-amount');
    await type(page, (card1 / 100).toFixed(2));
    await press(page, 'Tab');
    await type(page, 'RRN 0042');
    await press(page, 'Enter');
    await expect.poll(() => page.getByTestId('card-kept').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => focused(page), { timeout: 15_000 }).toBe('card-amount');
    await type(page, (card2 / 100).toFixed(2));
    await press(page, 'Tab');
    await type(page, 'RRN 0043');
    await press(page, 'Tab');
    await expect.poll(() => focused(page), { timeout: 15_000 }).toBe('cash-input');
    await type(page, (tendered / 100).toFixed(2));
    await expect
      .poll(() => page.getByTestId('total').innerText(), { timeout: 15_000 })
      .toBe(rub(burn.dueMinor));
    await expect
      .poll(() => page.getByTestId('cash-due').innerText(), { timeout: 15_000 })
      .toContain(rub(cashDue));
    await expect
      .poll(() => page.getByTestId('change').innerText(), { timeout: 15_000 })
      .toBe(rub(tendered - cashDue));
    await shot(page, 'cashier-shift-payment');
    await press(page, 'Enter');
    await expect
      .poll(() => page.getByTestId('last-sale').innerText(), { timeout: 15_000 })
      .toContain(rub(priced.totalMinor));
    await expect.poll(() => lines(page), { timeout: 15_000 }).toHaveLength(0);
    await expect.poll(() => focused(page), { timeout: 15_000 }).toBe('scan-input');

    // The receipt: the cashier, both cards with their references, change, the link code and its QR.
    const receipt = page.getByTestId('receipt');
    // The cashier's name comes from the till's database a moment after the receipt shows.
    await expect.poll(() => receipt.innerText(), { timeout: 15_000 }).toContain('Cashier: Olga Petrova');
    await expect.poll(() => receipt.innerText(), { timeout: 15_000 }).toContain('RRN 0042');
    await expect.poll(() => receipt.innerText(), { timeout: 15_000 }).toContain('RRN 0043');
    // The weighed line prints its kilograms and the price per kilogram.
    await expect
      .poll(() => receipt.innerText(), { timeout: 15_000 })
      .toContain(`0.750 kg × ${rub(BANANAS.perKgMinor)}/kg`);
    await expect
      .poll(() => page.getByTestId('receipt-change').innerText(), { timeout: 15_000 })
      .toBe(rub(tendered - cashDue));
    const code = normalizeLinkCode(await page.getByTestId('receipt-link-code').innerText());
    expect(code).toBeDefined();
    const qr = page.getByTestId('receipt-qr');
    expect(await qr.getAttribute('data-payload')).toBe(`OMNI-L:${code}`);
    expect(((await qr.locator('path').getAttribute('d')) ?? '').split('M').length).toBeGreaterThan(100);
    await shot(receipt, 'cashier-shift-receipt');
    await page.emulateMedia({ media: 'print' });
    expect(Math.round((await receipt.boundingBox())!.width)).toBe(302);
    await shot(page, 'cashier-shift-receipt-print');
    await page.emulateMedia({ media: 'screen' });
    // Shift+F7 sends the receipt on screen to the printer (the browser's print dialog, counted here
    // because a headless browser has no dialog to show).
    await page.evaluate(() => {
      const w = window as unknown as { printed: number };
      w.printed = 0;
      window.print = () => void (w.printed += 1);
    });
    await press(page, 'Shift+F7');
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    // Shift+F9: the cashier steps away; the till locks until a PIN, and the shift stays open.
    await press(page, 'Shift+F9');
    await signIn(page);
    await page.getByTestId('scan-input').waitFor();

    // Shift+F2: the sales list; the receipt's QR code scanned opens the sale; Enter starts the return.
    await press(page, 'Shift+F2');
    await page.getByTestId('sales-screen').waitFor();
    await expect.poll(() => focused(page), { timeout: 15_000 }).toBe('sales-find');
    await scan(page, `OMNI-L:${code}`);
    await expect.poll(() => focused(page), { timeout: 10_000 }).toBe('sales-return');
    await press(page, 'Enter');
    await expect
      .poll(() => page.getByTestId('return-left').allInnerTexts(), { timeout: 15_000 })
      .toEqual(['1', '3', '0.75']);
    await expect.poll(() => focused(page), { timeout: 15_000 }).toBe('return-qty-1');
    await press(page, 'Tab');
    await type(page, '1');
    // Past the banana line and the "return all" key, to the reason.
    await press(page, 'Tab');
    await press(page, 'Tab');
    await press(page, 'Tab');
    await expect.poll(() => focused(page), { timeout: 15_000 }).toBe('return-reason');
    await type(page, 'damaged');
    const sold = {
      lines: saleLines,
      paidMinor: priced.totalMinor - burn.burnValueMinor,
      pointsBurned: points,
      pointsEarned: burn.pointsEarned,
    };
    const back = returnFigures(sold, new Map(), [{ lineNo: 2, quantityMilli: 1000 }]);
    if (!back.ok) throw new Error('the return figures do not add up');
    await expect
      .poll(() => page.getByTestId('return-refund').innerText(), { timeout: 15_000 })
      .toContain(rub(back.refundMinor));
    await press(page, 'Enter');
    // A refund needs a manager: Olga is one, and types her PIN.
    await page.getByTestId('manager-dialog').waitFor();
    await expect.poll(() => focused(page), { timeout: 15_000 }).toBe('pin-input');
    await type(page, PIN);
    await press(page, 'Enter');
    await expect
      .poll(() => page.getByTestId('return-message').innerText(), { timeout: 15_000 })
      .toContain(rub(back.refundMinor));
    // What is left comes from the till's database a moment after the return commits.
    await expect
      .poll(() => page.getByTestId('return-left').allInnerTexts(), { timeout: 15_000 })
      .toEqual(['1', '2', '0.75']);
    await expect
      .poll(() => page.getByTestId('return-earlier').innerText(), { timeout: 15_000 })
      .toContain('not yet sent');
    await shot(page, 'cashier-shift-return');

    // Esc: back at the till. The new card is scanned, Ins opens the form on its number.
    await press(page, 'Escape');
    await page.getByTestId('scan-input').focus();
    await expect.poll(() => focused(page), { timeout: 15_000 }).toBe('scan-input');
    await scan(page, NEW_CARD);
    await expect
      .poll(() => page.getByTestId('customer').innerText(), { timeout: 15_000 })
      .toContain(NEW_CARD);
    await press(page, 'Insert');
    await page.getByTestId('issue-card').waitFor();
    await expect
      .poll(() => page.getByTestId('issue-card-number').inputValue(), { timeout: 15_000 })
      .toBe(NEW_CARD);
    await expect.poll(() => focused(page), { timeout: 15_000 }).toBe('issue-phone');
    await type(page, '8 (916) 555-12-34');
    await press(page, 'Tab'); // email
    await press(page, 'Tab'); // name
    await type(page, 'Anna Smirnova');
    await press(page, 'Tab');
    await expect.poll(() => focused(page), { timeout: 15_000 }).toBe('issue-consent-data');
    await press(page, 'Space');
    await press(page, 'Tab');
    await press(page, 'Space'); // marketing: yes
    await press(page, 'Tab');
    await expect.poll(() => focused(page), { timeout: 15_000 }).toBe('issue-submit');
    await press(page, 'Enter');
    await expect.poll(() => page.getByTestId('issue-done').isVisible(), { timeout: 15_000 }).toBe(true);
    // The panel reads the new card from the till's database a moment after the issue commits.
    await expect
      .poll(() => page.getByTestId('customer').innerText(), { timeout: 15_000 })
      .toContain('Anna S.');
    await expect.poll(() => focused(page), { timeout: 15_000 }).toBe('scan-input');
    await press(page, 'Escape');

    // Shift+F6: the X report counts the sale and the return; Shift+F12 closes with the Z report.
    const opening = 100_000;
    const expected: ShiftFigures = {
      salesCount: 1,
      salesTotalMinor: priced.totalMinor,
      byMethod: { card: card1 + card2, cash: cashDue },
      returnsCount: 1,
      returnsTotalMinor: back.refundMinor,
      returnsByMethod: { cash: back.refundMinor },
      cashInMinor: 0,
      cashOutMinor: 0,
      expectedCashMinor: opening + cashDue - back.refundMinor,
    };
    await press(page, 'Shift+F6');
    await expect
      .poll(() => page.getByTestId('report-returns').innerText(), { timeout: 15_000 })
      .toBe(`1 · ${rub(back.refundMinor)}`);
    await expect
      .poll(() => page.getByTestId('report-expected').innerText(), { timeout: 15_000 })
      .toBe(rub(expected.expectedCashMinor));
    await press(page, 'Shift+F12');
    await expect.poll(() => focused(page), { timeout: 15_000 }).toBe('shift-amount');
    const counted = expected.expectedCashMinor - 1_000;
    await type(page, (counted / 100).toFixed(2));
    await press(page, 'Enter');
    const z = page.getByTestId('last-z-report');
    await z.waitFor();
    await expect.poll(() => z.getByTestId('report-sales').innerText(), { timeout: 15_000 }).toBe('1');
    await expect
      .poll(() => z.getByTestId('report-method-card').innerText(), { timeout: 15_000 })
      .toBe(rub(card1 + card2));
    await expect
      .poll(() => z.getByTestId('report-method-cash').innerText(), { timeout: 15_000 })
      .toBe(rub(cashDue));
    await expect
      .poll(() => z.getByTestId('report-returns').innerText(), { timeout: 15_000 })
      .toBe(`1 · ${rub(back.refundMinor)}`);
    await expect
      .poll(() => z.getByTestId('report-refund-cash').innerText(), { timeout: 15_000 })
      .toBe(`−${rub(back.refundMinor)}`);
    await expect
      .poll(() => z.getByTestId('report-expected').innerText(), { timeout: 15_000 })
      .toBe(rub(expected.expectedCashMinor));
    await expect
      .poll(() => z.getByTestId('report-difference').innerText(), { timeout: 15_000 })
      .toBe(rub(-1_000));
    await shot(page, 'cashier-shift-z-report');

    // Back online: the till finds the server by itself and sends everything.
    await rig.restartServer();
    type Shift = {
      syncedSalesCount: number;
      syncedReturnsCount: number;
      syncedReturnsTotalMinor: number;
      syncedExpectedCashMinor: number;
      closed: { differenceMinor: number; expectedCashMinor: number; figures: ShiftFigures | null } | null;
    };
    await hq('hq.login', { email: 'admin@demo.omnitill.org', password: rig.server.adminPassword() }, true);
    await expect
      .poll(
        async () => {
          const shifts = await hq<Shift[]>('hq.storeShifts', { storeId: store.id });
          return shifts.map((s) => [s.syncedSalesCount, s.syncedReturnsCount, s.closed !== null]);
        },
        { timeout: 90_000, interval: 1_000 },
      )
      .toEqual([[1, 1, true]]);
    const [shift] = await hq<Shift[]>('hq.storeShifts', { storeId: store.id });
    expect(shift?.closed).toMatchObject({ differenceMinor: -1_000, figures: expected });
    expect(shift?.syncedReturnsTotalMinor).toBe(back.refundMinor);
    expect(shift?.syncedExpectedCashMinor).toBe(shift?.closed?.expectedCashMinor);

    // The sale, once, with both cards and the cash.
    type Purchases = {
      customer: { id: string; phone: string | null; consents: { kind: string; granted: boolean }[] } | null;
      cards: string[];
      count: number;
      purchases: {
        totalMinor: number;
        payments: { method: string; amountMinor: number; reference: string | null }[];
      }[];
    };
    const bought = await hq<Purchases>('hq.customerPurchases', { query: CARD });
    expect(bought.count).toBe(1);
    expect(bought.purchases[0]?.totalMinor).toBe(priced.totalMinor);
    expect(bought.purchases[0]?.payments.map((p) => [p.method, p.amountMinor, p.reference])).toEqual([
      ['card', card1, 'RRN 0042'],
      ['card', card2, 'RRN 0043'],
      ['cash', cashDue, null],
    ]);

    // Points: the welcome balance, less the burn, plus the earn, less the return's reversals.
    const earned = pointsEarned(DEMO_LOYALTY_CONFIG, 'silver', burn.dueMinor);
    expect(earned).toBe(burn.pointsEarned);
    type Ledger = { balance: number; entries: { kind: string; points: number }[] };
    const ledger = await hq<Ledger>('hq.customerLedger', { customerId: bought.customer!.id });
    const moved = ledger.entries.filter((e) => e.kind !== 'adjustment');
    expect(moved.map((e) => [e.kind, e.points]).sort()).toEqual(
      [
        ['burn', -points],
        ['earn', earned],
        ...(back.earnedReversed > 0 ? [['reversal', -back.earnedReversed]] : []),
        ...(back.burnedRestored > 0 ? [['reversal', back.burnedRestored]] : []),
      ].sort(),
    );
    expect(ledger.balance).toBe(start.points - points + earned - back.earnedReversed + back.burnedRestored);

    // The card issued offline: its customer, found by the phone typed any way, with both consents.
    const issued = await hq<Purchases>('hq.customerPurchases', { query: '+7 916 555 12 34' });
    expect(issued.cards).toEqual([NEW_CARD]);
    expect(issued.customer?.phone).toBe('+79165551234');
    expect(issued.customer?.consents.map((c) => [c.kind, c.granted]).sort()).toEqual([
      ['marketing', true],
      ['personal_data', true],
    ]);

    // HQ's customer page shows the purchase and the balance the till will pull.
    const hqPage = await rig.context.newPage();
    await hqPage.setViewportSize({ width: 1280, height: 900 });
    await hqPage.goto(`${rig.server.url}/hq/?q=${CARD}`);
    await hqPage.getByTestId('login-email').fill('admin@demo.omnitill.org');
    await hqPage.getByTestId('login-password').fill(rig.server.adminPassword());
    await hqPage.getByTestId('login-submit').click();
    await expect.poll(() => hqPage.getByTestId('purchase').count(), { timeout: 15_000 }).toBe(1);
    await expect
      .poll(() => hqPage.getByTestId('customer-points').getAttribute('data-points'), { timeout: 15_000 })
      .toBe(String(ledger.balance));
    expect(await hqPage.getByTestId('purchase-return').allInnerTexts()).toEqual([
      expect.stringContaining(`: −${rub(back.refundMinor)} — `) as string,
    ]);
    expect(await hqPage.getByTestId('purchase-payments').innerText()).toBe(
      `Paid: card RRN 0042 ${rub(card1)} · card RRN 0043 ${rub(card2)} · cash ${rub(cashDue)}`,
    );
    await shot(hqPage, 'cashier-shift-hq-customer');
    console.log(`cashierShift scenario ran in ${Math.round((Date.now() - startedAt) / 1000)} s`);
  }, 300_000);
});
