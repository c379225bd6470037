import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOYALTY_CONFIG, demoCardNumber } from '../../server/seed/demoData';
import type { CardIssue } from '../../shared/domain/cardIssue';
import { formatMoney } from '../../shared/domain/money';
import { uuidv7 } from '../../shared/domain/uuidv7';
import type { OutboxOp } from '../../shared/sync/protocol';
import { loyaltySale } from '../server/loyalty/saleLoyalty';
import { makeSale, saleOp } from '../server/support/chain';
import { makeReturn, tillOp, zFigures } from '../server/support/tillOps';
import { chromiumMissing, launchChromium, screenshot } from './support/browser';
import { freePort, startServerProcess, type ServerProcess } from './support/serverProcess';

type Till = { deviceId: string; token: string; installId: string; seq: number };
const card = demoCardNumber(1);
// A card number of the demo scheme that no demo customer holds.
const NEW_CARD = demoCardNumber(900_000_001);

describe.skipIf(chromiumMissing)('HQ sees the tills’ work', () => {
  let server: ServerProcess;
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    server = await startServerProcess(
      await freePort(),
      mkdtempSync(join(tmpdir(), 'omnitill-e2e-tillviews-')),
    );
    context = await launchChromium();
  });
  afterAll(async () => {
    await context?.close();
    await server?.stop();
  });

  /** The tills' API as a till calls it: its token, plain JSON over HTTP. */
  async function trpc<T>(path: string, input: unknown, token: string, query = false): Promise<T> {
    const url = `${server.url}/trpc/${path}`;
    const res = query
      ? await fetch(`${url}?input=${encodeURIComponent(JSON.stringify(input))}`, {
          headers: { authorization: `Bearer ${token}` },
        })
      : await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(input),
        });
    const body = (await res.json()) as { result?: { data: T }; error?: unknown };
    if (!body.result) throw new Error(`${path}: ${JSON.stringify(body.error)}`);
    return body.result.data;
  }

  async function enrol(storeCode: string, name: string): Promise<Till> {
    const till = await trpc<{ deviceId: string; token: string }>(
      'device.enroll',
      { code: server.enrolmentCode(storeCode), name },
      '',
    );
    return { ...till, installId: uuidv7(), seq: 0 };
  }

  async function push(till: Till, ops: ((seq: number) => OutboxOp)[]): Promise<string[]> {
    const answer = await trpc<{ results: { status: string; reason?: string }[] }>(
      'sync.push',
      { deviceId: till.deviceId, installId: till.installId, ops: ops.map((op) => op(++till.seq)) },
      till.token,
    );
    return answer.results.map((r) => (r.status === 'rejected' ? (r.reason ?? 'rejected') : r.status));
  }

  /** The cashiers a till learns of through its pull, as it would to sign them in. */
  async function pulledCashiers(till: Till): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    let cursor: string | null = null;
    for (;;) {
      const page: {
        changes: { topic: string; id: string; data: { name?: string } }[];
        cursor: string;
        hasMore: boolean;
      } = await trpc('sync.pull', { cursor, limit: 1000 }, till.token, true);
      for (const c of page.changes) if (c.topic === 'cashier' && c.data.name) names.set(c.data.name, c.id);
      cursor = page.cursor;
      if (!page.hasMore) return names;
    }
  }

  const open = async (hash: string) => {
    await page.goto(`${server.url}/hq/${hash}`);
  };

  it('shows cashiers, shifts with their Z report, returns, overdrawn points and card conflicts from the tills', async () => {
    const msk = await enrol('MSK-01', 'Till M1');
    const spb = await enrol('SPB-01', 'Till S1');

    page = await context.newPage();
    await open('#cashiers');
    await page.getByTestId('login-email').fill('admin@demo.omnitill.org');
    await page.getByTestId('login-password').fill(server.adminPassword());
    await page.getByTestId('login-submit').click();
    await page.getByTestId('new-cashier').waitFor();
    for (const [name, role, pin] of [
      ['Olga Ivanova', 'cashier', '4821'],
      ['Pavel Smirnov', 'manager', '7310'],
    ] as const) {
      await page.getByTestId('cashier-name').fill(name);
      await page.getByTestId('cashier-role').selectOption(role);
      await page.getByTestId('cashier-pin').fill(pin);
      await page.getByTestId('cashier-create').click();
      await page.getByTestId('cashiers-notice').filter({ hasText: name }).waitFor();
    }
    await expect.poll(() => page.getByTestId('cashier-row').count(), { timeout: 15_000 }).toBe(2);
    await screenshot(page, 'hq-cashiers');

    const cashiers = await pulledCashiers(msk);
    const olga = cashiers.get('Olga Ivanova')!;
    const pavel = cashiers.get('Pavel Smirnov')!;
    expect(olga && pavel).toBeTruthy();

    // A shift at the Moscow till: a cash sale, a card-and-cash sale, a return approved by the
    // manager, cash in and out, and a close counted 1.50 short.
    const shiftId = uuidv7();
    const tillClock = new Date().toISOString();
    const cashSale = makeSale({ cashierId: olga, shiftId, receiptNo: 'M1-000001', cardNumber: card });
    cashSale.lines = cashSale.lines.map((l) => ({ ...l, name: 'Milk 3.2% 1 l', vatRateBp: 1000 }));
    const mixed = makeSale({ cashierId: olga, shiftId, receiptNo: 'M1-000002', cardNumber: null }, [
      [10_000, 1000],
    ]);
    mixed.payments = [
      { method: 'card', amountMinor: 6_000, reference: 'AUTH 7731' },
      { method: 'cash', amountMinor: 4_000, tenderedMinor: 5_000, changeMinor: 1_000 },
    ];
    const back = makeReturn(cashSale.saleId, [{ lineNo: 1, quantityMilli: 1000 }], 8_990, {
      cashierId: olga,
      shiftId,
      approvedBy: pavel,
      reason: 'leaking carton',
    });
    const expected = 10_000 + 17_980 + 4_000 - 8_990 + 2_000 - 5_000;
    const move = (direction: 'in' | 'out', amountMinor: number, reason: string) => (n: number) =>
      tillOp(n, 'cash.move', {
        moveId: uuidv7(),
        shiftId,
        cashierId: olga,
        direction,
        amountMinor,
        reason,
        wallTime: tillClock,
      });
    expect(
      await push(msk, [
        (n) =>
          tillOp(n, 'shift.open', {
            shiftId,
            cashierId: olga,
            currency: 'RUB',
            openingCashMinor: 10_000,
            wallTime: tillClock,
          }),
        (n) => saleOp(n, cashSale),
        (n) => saleOp(n, mixed),
        (n) => tillOp(n, 'return.record', back),
        move('in', 2_000, 'change float'),
        move('out', 5_000, 'to the safe'),
        (n) =>
          tillOp(n, 'shift.close', {
            shiftId,
            cashierId: pavel,
            countedCashMinor: expected - 150,
            figures: zFigures({
              salesCount: 2,
              salesTotalMinor: 27_980,
              byMethod: { cash: 21_980, card: 6_000 },
              returnsCount: 1,
              returnsTotalMinor: 8_990,
              cashInMinor: 2_000,
              cashOutMinor: 5_000,
              expectedCashMinor: expected,
            }),
            differenceMinor: -150,
            wallTime: tillClock,
          }),
      ]),
    ).toEqual(Array(7).fill('applied'));
    // The next shift is open and has sold nothing yet.
    expect(
      await push(msk, [
        (n) =>
          tillOp(n, 'shift.open', {
            shiftId: uuidv7(),
            cashierId: pavel,
            currency: 'RUB',
            openingCashMinor: 5_000,
            wallTime: tillClock,
          }),
      ]),
    ).toEqual(['applied']);

    // Two tills offline spend the same welcome points (100): the second burn overdraws.
    const burn = (receiptNo: string) => ({
      ...loyaltySale('base', 80, [[100_000, 1000]], DEMO_LOYALTY_CONFIG),
      cardNumber: card,
      receiptNo,
    });
    expect(await push(msk, [(n) => saleOp(n, burn('M1-000003'))])).toEqual(['applied']);
    expect(await push(spb, [(n) => saleOp(n, burn('S1-000001'))])).toEqual(['applied']);

    // Both tills hand out the same new card offline.
    const issue = (name: string, phone: string): CardIssue => {
      const at = new Date().toISOString();
      return {
        cardNumber: NEW_CARD,
        customerId: uuidv7(),
        name,
        phone,
        email: null,
        consents: { personalData: { granted: true, at }, marketing: { granted: false, at } },
        wallTime: at,
      };
    };
    expect(await push(msk, [(n) => tillOp(n, 'card.issue', issue('Ivan Sidorov', '+79161234567'))])).toEqual([
      'applied',
    ]);
    expect(
      await push(spb, [
        (n) => tillOp(n, 'card.issue', issue('Maria Orlova', '+79035550011')),
        (n) => saleOp(n, makeSale({ cardNumber: NEW_CARD, receiptNo: 'S1-000002' })),
      ]),
    ).toEqual(['card_taken', 'applied']);

    // Shifts: the closed one short by 1.50 with its tenders, the open one without a Z report.
    await open('#shifts');
    await expect.poll(() => page.getByTestId('shift').count(), { timeout: 15_000 }).toBe(2);
    const closed = page.getByTestId('shift').nth(1);
    expect(await closed.getByTestId('shift-difference').innerText()).toContain('short');
    expect(await closed.innerText()).toContain('to the safe');
    expect(await closed.innerText()).toContain('till clock');
    expect(await page.getByTestId('shift').first().innerText()).toContain('still open');
    await screenshot(page, 'hq-shifts');
    await closed.getByTestId('shift-z').click();
    const z = page.getByTestId('z-report');
    expect(await z.innerText()).toContain('Pavel Smirnov');
    const zText = await z.innerText();
    expect(zText).toContain('Difference (short)');
    expect(zText).toContain(formatMoney(-150, 'RUB', 'en-GB'));
    await screenshot(page, 'hq-z-report');

    // Returns: against its sale, with the points given back, cashier and approving manager.
    await open('#returns');
    const ret = page.getByTestId('return');
    await ret.first().waitFor({ timeout: 15_000 });
    expect(await ret.count()).toBe(1);
    const returnText = await ret.innerText();
    expect(returnText).toContain('M1-000001');
    expect(returnText).toContain('leaking carton');
    expect(returnText).toContain('Olga Ivanova');
    expect(await ret.getByTestId('return-approval').innerText()).toBe('Pavel Smirnov');
    await screenshot(page, 'hq-returns');

    // Points review: the Petersburg burn overdrew after the Moscow one; an admin settles it.
    await open('#loyalty');
    const item = page.getByTestId('review-item');
    await item.first().waitFor({ timeout: 15_000 });
    expect(await item.count()).toBe(1);
    expect(await item.innerText()).toContain('Till S1');
    expect(await item.getByTestId('earlier-burn').innerText()).toContain('Till M1');
    const balanceText = await item.getByTestId('review-balance').innerText();
    expect(balanceText).toMatch(/-\d+/);
    await item.getByTestId('review-adjust').click();
    const suggested = await item.getByTestId('adjust-points').inputValue();
    expect(Number(suggested)).toBe(-Number(/(-\d+)/.exec(balanceText)![1]));
    await item.getByTestId('adjust-reason').fill('points spent twice offline, written off');
    await item.getByTestId('adjust-save').click();
    await item.getByTestId('review-adjusted').waitFor();
    await item.getByTestId('review-ledger').click();
    await expect
      .poll(() => item.getByTestId('ledger-entry').count(), { timeout: 15_000 })
      .toBeGreaterThanOrEqual(5);
    // Append-only: the adjustment is the newest entry, the overdrawn burn stays below it.
    const newest = await item.getByTestId('ledger-entry').first().innerText();
    expect(newest).toContain('adjustment');
    expect(newest).toContain(`+${suggested}`);
    expect(await item.getByTestId('ledger-entry').filter({ hasText: 'overdrawn' }).count()).toBe(1);
    expect(
      Number(/Balance (-?\d+)/.exec(await item.getByTestId('ledger-balance').innerText())?.[1]),
    ).toBeGreaterThanOrEqual(0);
    await screenshot(page, 'hq-loyalty-review');

    // Card conflicts: both customers masked, the stray sale counted.
    await open('#cards');
    const conflict = page.getByTestId('card-conflict');
    await conflict.waitFor({ timeout: 15_000 });
    const conflictText = await conflict.innerText();
    expect(conflictText).toContain(NEW_CARD);
    expect(conflictText).toContain('+7916•••••67');
    expect(conflictText).toContain('+7903•••••11');
    expect(conflictText).not.toContain('1234567');
    expect(await conflict.getByTestId('conflict-sales').innerText()).toContain('1');
    await screenshot(page, 'hq-card-conflicts');

    // The customer's history: the return against its sale, each line's VAT rate.
    await page.goto(`${server.url}/hq/?q=${card}`);
    const sale = page.getByTestId('purchase').filter({ hasText: 'M1-000001' });
    await sale.waitFor({ timeout: 15_000 });
    expect(await sale.getByTestId('purchase-return').innerText()).toContain('Milk 3.2% 1 l');
    expect(await sale.getByTestId('line-vat').innerText()).toBe('VAT 10 %');
    await screenshot(page, 'hq-customer-returns-vat');

    // The same shifts in Russian: the cash short is a недостача.
    await open('#shifts');
    await page.getByTestId('shift').first().waitFor({ timeout: 15_000 });
    await page.getByTestId('hq-lang').click();
    await expect
      .poll(() => page.getByTestId('shift-difference').innerText(), { timeout: 15_000 })
      .toContain('недостача');
    await screenshot(page, 'hq-shifts-ru');
  });
});
