import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultScanConfig } from '../../../shared/barcode';
import { pickupConfirmSchema, type PickupConfirm } from '../../../shared/domain/pickup';
import { parseUnknown } from '../../../shared/validation';
import { setLang } from '../../../renderer/app/i18n';
import { TillContext } from '../../../renderer/app/tillContext';
import { applyPullPage } from '../../../renderer/db/catalog';
import type { PickupOrderRecord, TillDb } from '../../../renderer/db/database';
import { requireMeta } from '../../../renderer/db/meta';
import { applyPushResults } from '../../../renderer/db/outbox';
import { PICKUP_CODE_ATTEMPTS } from '../../../renderer/db/pickups';
import { PickupDesk } from '../../../renderer/pickup/PickupDesk';
import { createScanStream, type ScanStream } from '../../../renderer/scanner/scanStream';
import { ScanContext } from '../../../renderer/scanner/ScanStreamProvider';
import { createWedgeSettingsStore } from '../../../renderer/scanner/wedgeSettings';
import { ShiftContext, type ManagerReason, type ShiftSession } from '../../../renderer/shift/shiftContext';
import { SyncEngine } from '../../../renderer/sync/syncEngine';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { enrolledTillDb } from '../db/support';
import { byTestId, render, settle, typeInto, waitFor, type Rendered } from '../support/render';
import { codeHash, CUSTOMER_CARD, pickupOrder } from './support';

const CODE = '482913';

describe('the pickup desk', () => {
  let db: TillDb;
  let stream: ScanStream;
  let shown: Rendered;
  let order: PickupOrderRecord;
  let tillShown = 0;
  let session: ShiftSession;
  let managerAsked: ManagerReason[];

  beforeEach(async () => {
    setLang('en');
    tillShown = 0;
    db = await enrolledTillDb();
    order = pickupOrder({ pickupCodeHash: await codeHash(CODE) });
    const paidLater = pickupOrder({
      orderNumber: 'WEB-10077',
      payment: 'pay_at_pickup',
      customer: { maskedName: 'Boris K.', cardNumbers: [] },
    });
    await applyPullPage(db, {
      changes: [order, paidLater].map((data) => ({ topic: 'pickup_order', id: data.id, data })),
      cursor: '1',
      hasMore: false,
    });
    stream = createScanStream({ config: () => defaultScanConfig, feeds: [] });
    const device = await requireMeta(db, 'device');
    managerAsked = [];
    session = {
      cashier: { id: uuidv7(), name: 'Olga', role: 'cashier', pinHash: await codeHash('4821'), active: true },
      shift: null,
      signOut: () => undefined,
      requireManager: (reason) => {
        managerAsked.push(reason);
        return Promise.resolve(true);
      },
      approvingManager: (reason) => {
        managerAsked.push(reason);
        return Promise.resolve('manager');
      },
    };
    shown = await render(
      <TillContext.Provider
        value={{ db, sync: new SyncEngine(db, { browserOnline: () => false }), persisted: true }}
      >
        <ScanContext.Provider
          value={{ stream, wedgeSettings: createWedgeSettingsStore(undefined), setConfig: () => undefined }}
        >
          <ShiftContext.Provider value={session}>
            <PickupDesk device={device} onToTill={() => tillShown++} />
          </ShiftContext.Provider>
        </ScanContext.Provider>
      </TillContext.Provider>,
    );
  });
  afterEach(async () => {
    await shown.unmount();
    await db.delete();
  });

  const el = <T extends HTMLElement = HTMLElement>(id: string) => byTestId<T>(shown.container, id);
  const all = <T extends HTMLElement = HTMLElement>(id: string) => [
    ...shown.container.querySelectorAll<T>(`[data-testid="${id}"]`),
  ];
  const text = (id: string) => el(id).textContent ?? '';
  const scan = (raw: string) => settle(() => void stream.submit(raw, 'wedge'));
  const press = (key: string) =>
    settle(
      () => void window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true })),
    );
  const submit = (id: string) =>
    settle(
      () =>
        void el(id)
          .closest('form')!
          .dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })),
    );
  const typeCode = async (code: string) => {
    await typeInto(el<HTMLInputElement>('pickup-code'), code);
    await submit('pickup-code');
  };
  const queued = async (): Promise<PickupConfirm[]> =>
    (await db.outbox.toArray()).map((op) => {
      const parsed = parseUnknown(pickupConfirmSchema, op.payload);
      if (!parsed.ok) throw new Error(parsed.error);
      return parsed.value;
    });

  it('lists the orders to collect with their state, and keeps the search field ready', async () => {
    await waitFor(() => expect(all('pickup-row')).toHaveLength(2));
    expect(all('pickup-row').map((r) => r.dataset.order)).toEqual(['WEB-10042', 'WEB-10077']);
    expect(all('pickup-state').map((s) => s.textContent)).toEqual(['Ready', 'Ready']);
    expect(all('pickup-row')[1]!.textContent).toContain('Pay at pickup');
    expect(document.activeElement).toBe(el('pickup-search'));
  });

  it('finds the order by its QR, refuses wrong codes up to the limit, then hands out part after an ID check', async () => {
    await scan('OMNI-O:WEB-10042:x7Kq9PzA');
    await waitFor(() => expect(text('pickup-order-number')).toBe('WEB-10042'));
    expect(text('pickup-message')).toMatch(/found by its QR/);

    await typeCode('111111');
    await waitFor(() => expect(text('pickup-message')).toMatch(/Wrong pickup code: 4 attempts left/));
    expect(el('pickup-message').className).toContain('error');
    for (let failed = 2; failed <= PICKUP_CODE_ATTEMPTS; failed++) {
      await typeCode(`11111${failed}`);
      const left = PICKUP_CODE_ATTEMPTS - failed;
      const expected =
        left === 0 ? 'Too many wrong codes' : left === 1 ? '1 attempt left' : `${left} attempts left`;
      await waitFor(() => expect(text('pickup-attempts')).toContain(expected));
    }
    // Locked: even the right code is no longer taken, and nothing can be confirmed unverified.
    expect(el<HTMLInputElement>('pickup-code').disabled).toBe(true);
    await press('F12');
    expect(text('pickup-message')).toMatch(/Check the pickup code or the customer’s ID first/);
    expect(await db.outbox.count()).toBe(0);

    await typeInto(el<HTMLInputElement>('pickup-id-note'), 'passport 4510123456');
    await submit('pickup-id-note');
    expect(text('pickup-message')).toMatch(/only the last 4 digits/);
    await typeInto(el<HTMLInputElement>('pickup-id-note'), 'passport, last 4: 3456');
    await submit('pickup-id-note');
    await waitFor(() => expect(text('pickup-verified')).toContain('passport, last 4: 3456'));

    // One mug of two: the other is refused, and a refusal needs its reason.
    await typeInto(all('pickup-handed')[0] as HTMLInputElement, '1');
    expect(all('pickup-refused').map((c) => c.textContent)).toEqual(['1', '0']);
    await press('F12');
    expect(text('pickup-message')).toMatch(/every refused item needs its reason/);
    await typeInto(el<HTMLInputElement>('pickup-reason'), 'handle chipped');
    await press('F12');

    await waitFor(() => expect(text('pickup-slip')).toContain('not yet synced'));
    const [sent, ...more] = await queued();
    expect(more).toEqual([]);
    expect(sent).toMatchObject({
      orderId: order.id,
      seenRevision: order.revision,
      verification: {
        method: 'id_check',
        note: 'passport, last 4: 3456',
        failedAttempts: PICKUP_CODE_ATTEMPTS,
      },
      cardNumber: null,
      lines: [
        { lineId: 'l1', handedQuantity: 1, refusedQuantity: 1, refusalReason: 'handle chipped' },
        { lineId: 'l2', handedQuantity: 1, refusedQuantity: 0, refusalReason: null },
      ],
    });
    expect(all('pickup-state')[0]!.dataset.state).toBe('pending_sync');
    expect(document.activeElement).toBe(el('pickup-search'));
  });

  it('takes the right code, links the card scanned at the desk, and shows the server refusing the hand-out', async () => {
    await typeInto(el<HTMLInputElement>('pickup-search'), '8 916 123 45 67');
    await submit('pickup-search');
    await waitFor(() => expect(text('pickup-order-number')).toBe('WEB-10042'));
    await typeCode('000000');
    await waitFor(() => expect(text('pickup-attempts')).toBe('4 attempts left'));
    await typeCode('482 913');
    await waitFor(() => expect(text('pickup-verified')).toMatch(/pickup code/));
    await scan(CUSTOMER_CARD);
    await waitFor(() => expect(text('pickup-card')).toContain(CUSTOMER_CARD));
    await press('F12');
    await waitFor(() => expect(all('pickup-slip')).toHaveLength(1));
    const [sent] = await queued();
    expect(sent).toMatchObject({
      verification: { method: 'code', failedAttempts: 1 },
      cardNumber: CUSTOMER_CARD,
    });
    expect(sent!.lines.map((l) => l.handedQuantity)).toEqual([2, 1]);

    const [op] = await db.outbox.toArray();
    await settle(() =>
      applyPushResults(db, [
        { opId: op!.opId, seq: op!.seq, status: 'rejected', reason: 'already_collected', quarantined: false },
      ]),
    );
    await waitFor(() => expect(text('pickup-rejected')).toMatch(/Another desk handed this order out first/));
  });

  it('says so in the error colour when nothing matches, and opens one of several by card', async () => {
    await typeInto(el<HTMLInputElement>('pickup-search'), 'WEB-404');
    await submit('pickup-search');
    await waitFor(() => expect(text('pickup-message')).toBe('No order with this number at this store'));
    expect(el('pickup-message').getAttribute('role')).toBe('alert');
    await typeInto(el<HTMLInputElement>('pickup-search'), 'web-10077');
    await submit('pickup-search');
    await waitFor(() => expect(text('pickup-order-number')).toBe('WEB-10077'));
    expect(text('pickup-pay')).toMatch(/To pay at the till:/);
    await press('Escape');
    expect(all('pickup-order')).toHaveLength(0);
  });

  it('sends what a pay-at-pickup customer takes to the till, and hands out only once it is paid', async () => {
    await typeInto(el<HTMLInputElement>('pickup-search'), 'WEB-10077');
    await submit('pickup-search');
    await waitFor(() => expect(text('pickup-order-number')).toBe('WEB-10077'));
    await typeInto(el<HTMLInputElement>('pickup-id-note'), 'driving licence, last 4: 7788');
    await submit('pickup-id-note');
    await press('F12');
    expect(text('pickup-message')).toMatch(/take the payment at the till first/);
    // The kettle is not in the till's catalog: it cannot go on a sale.
    await press('F9');
    await waitFor(() => expect(text('pickup-message')).toMatch(/not in the till’s catalog/));
    expect(await db.heldBaskets.count()).toBe(0);

    // The customer leaves the kettle: the mugs go to the till at the shop's price.
    await typeInto(all<HTMLInputElement>('pickup-handed')[1]!, '0');
    await typeInto(el<HTMLInputElement>('pickup-reason'), 'customer changed mind');
    expect(text('pickup-pay')).toContain('900.00');
    await press('F9');
    await waitFor(() => expect(tillShown).toBe(1));
    const [held] = await db.heldBaskets.toArray();
    expect(held!.cart.lines.map((l) => [l.product.gtin, l.quantityMilli, l.product.priceMinor])).toEqual([
      ['4601234567893', 2000, 45_000],
    ]);

    await settle(() => el<HTMLInputElement>('pickup-pay').querySelector('input')!.click());
    await press('F12');
    await waitFor(() => expect(all('pickup-slip')).toHaveLength(1));
    const [sent] = await queued();
    expect(sent!.lines).toEqual([
      { lineId: 'l1', handedQuantity: 2, refusedQuantity: 0, refusalReason: null },
      { lineId: 'l2', handedQuantity: 0, refusedQuantity: 1, refusalReason: 'customer changed mind' },
    ]);
  });

  it('sends no marked goods to the till: the cashier scans each unit’s code there', async () => {
    // The mugs are under mandatory marking in this catalog.
    await db.products.update('p1', { marked: true });
    await typeInto(el<HTMLInputElement>('pickup-search'), 'WEB-10077');
    await submit('pickup-search');
    await waitFor(() => expect(text('pickup-order-number')).toBe('WEB-10077'));
    await typeInto(el<HTMLInputElement>('pickup-id-note'), 'driving licence, last 4: 7788');
    await submit('pickup-id-note');
    await typeInto(all<HTMLInputElement>('pickup-handed')[1]!, '0');
    await typeInto(el<HTMLInputElement>('pickup-reason'), 'customer changed mind');
    await press('F9');
    await waitFor(() =>
      expect(text('pickup-message')).toMatch(/Marked goods: ring the order up at the till/),
    );
    expect(text('pickup-message')).toContain('900.00');
    expect(await db.heldBaskets.count()).toBe(0);
    expect(tillShown).toBe(0);
  });

  it('takes more codes after a manager approves, and counts every wrong one', async () => {
    await scan('OMNI-O:WEB-10042');
    await waitFor(() => expect(text('pickup-order-number')).toBe('WEB-10042'));
    for (let failed = 1; failed <= PICKUP_CODE_ATTEMPTS; failed++) {
      await typeCode(`00000${failed}`);
      const left = PICKUP_CODE_ATTEMPTS - failed;
      await waitFor(() =>
        expect(text('pickup-attempts')).toMatch(left === 0 ? /Too many/ : new RegExp(`^${left} `)),
      );
    }
    await settle(() => el('pickup-manager').click());
    await waitFor(() => expect(text('pickup-attempts')).toBe('5 attempts left'));
    expect(managerAsked).toEqual(['pickup']);
    await typeCode(CODE);
    await waitFor(() => expect(text('pickup-verified')).toMatch(/pickup code/));
    await press('F12');
    await waitFor(() => expect(all('pickup-slip')).toHaveLength(1));
    const [sent] = await queued();
    expect(sent).toMatchObject({
      verification: { method: 'code', failedAttempts: PICKUP_CODE_ATTEMPTS },
      cashierId: session.cashier.id,
    });
  });
});
