import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLang } from '../../../renderer/app/i18n';
import { TillContext } from '../../../renderer/app/tillContext';
import type { TillDb } from '../../../renderer/db/database';
import { requireMeta } from '../../../renderer/db/meta';
import { applyPushResults } from '../../../renderer/db/outbox';
import { recordReturn, returnableLeft, findSale } from '../../../renderer/db/returns';
import { recordSale } from '../../../renderer/db/sales';
import { SalesScreen } from '../../../renderer/sales/SalesScreen';
import { ScanContext } from '../../../renderer/scanner/ScanStreamProvider';
import { createScanStream, type ScanStream } from '../../../renderer/scanner/scanStream';
import { createWedgeSettingsStore } from '../../../renderer/scanner/wedgeSettings';
import { defaultScanConfig } from '../../../shared/barcode';
import { SyncEngine } from '../../../renderer/sync/syncEngine';
import { draft, enrolledTillDb } from '../db/support';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

describe('the sales list and returns at the till', () => {
  let db: TillDb;
  let root: Root;
  let host: HTMLElement;
  // The scanner as the sales list hears it; scans are submitted to it as the wedge delivers them.
  let stream: ScanStream;

  beforeEach(async () => {
    stream = createScanStream({ config: () => defaultScanConfig, feeds: [] });
    stream.start();
    setLang('en');
    db = await enrolledTillDb();
    host = document.createElement('div');
    document.body.append(host);
    root = createRoot(host);
  });
  afterEach(async () => {
    act(() => root.unmount());
    host.remove();
    await db.delete();
  });

  const until = async (ready: () => boolean) => {
    for (let i = 0; i < 100 && !ready(); i++) await act(() => new Promise((r) => setTimeout(r, 20)));
  };
  const all = (testId: string) => [...host.querySelectorAll(`[data-testid="${testId}"]`)];
  const one = (testId: string) => host.querySelector<HTMLElement>(`[data-testid="${testId}"]`);

  const show = async () => {
    const device = await requireMeta(db, 'device');
    await act(async () => {
      root.render(
        <TillContext.Provider
          value={{ db, sync: new SyncEngine(db, { browserOnline: () => false }), persisted: true }}
        >
          <ScanContext.Provider
            value={{
              stream,
              wedgeSettings: createWedgeSettingsStore(globalThis.localStorage),
              setConfig: () => undefined,
            }}
          >
            <SalesScreen device={device} />
          </ScanContext.Provider>
        </TillContext.Provider>,
      );
      await new Promise((r) => setTimeout(r, 50));
    });
  };

  it('lists today’s sales newest first with their sync state, unsynced ones included', async () => {
    const first = await recordSale(db, draft());
    const second = await recordSale(db, draft());
    await applyPushResults(
      db,
      [
        {
          opId: first.opId,
          seq: first.seq,
          status: 'applied',
          outcome: { outcome: 'applied', entityId: first.sale.saleId },
        },
      ],
      new Date(),
    );
    await show();
    await until(() => all('sales-row').length === 2 && one('sales-sync')?.dataset.state === 'pending');
    const rows = all('sales-row').map((r) => r.textContent ?? '');
    expect(rows[0]).toContain(second.sale.receiptNo);
    expect(rows[0]).toContain('not yet sent');
    expect(rows[1]).toContain(first.sale.receiptNo);
    expect(rows[1]).toContain('on the server');
  });

  it('finds a sale by scanning its receipt QR, and shows the receipt with its link code', async () => {
    await recordSale(db, draft());
    const { sale } = await recordSale(db, draft());
    await show();
    // The scanner's burst is taken as a scan, wherever the focus is: it opens the sale.
    await act(async () => {
      stream.submit(`OMNI-L:${sale.linkCode}`, 'wedge');
      await new Promise((r) => setTimeout(r, 50));
    });
    await until(() => one('receipt-no') !== null);
    expect(one('receipt-no')?.textContent).toBe(sale.receiptNo);
    expect(one('receipt-qr')?.dataset.payload).toBe(`OMNI-L:${sale.linkCode}`);
    expect((await findSale(db, sale.receiptNo))?.saleId).toBe(sale.saleId);
  });

  it('records a partial return offline and shows what remains returnable; more than remains is refused', async () => {
    const { sale } = await recordSale(db, draft());
    const record = (await db.sales.get(sale.saleId))!;
    const first = await recordReturn(db, {
      sale: record,
      lines: [{ lineNo: 1, quantityMilli: 1000 }],
      reason: 'damaged',
    });
    expect(first).toMatchObject({ ok: true, record: { refundMinor: 8990 } });
    expect([...(await returnableLeft(db, record))]).toEqual([
      [1, 1000],
      [2, 1000],
    ]);
    const tooMuch = await recordReturn(db, {
      sale: record,
      lines: [{ lineNo: 1, quantityMilli: 2000 }],
      reason: 'x',
    });
    expect(tooMuch).toEqual({ ok: false, error: 'over_return: line 1' });
    // The return waits in the outbox like a sale, after it.
    const queued = await db.outbox.orderBy('seq').toArray();
    expect(queued.map((op) => op.kind)).toEqual(['sale.record', 'return.record']);

    await show();
    await until(() => all('sales-row').length === 1);
    const openButton = all('sales-row')[0]!.querySelector('button')!;
    await act(async () => {
      openButton.click();
      await new Promise((r) => setTimeout(r, 50));
    });
    // The sale's detail reads its returns and sync state first; on a loaded machine that outlasts 50 ms.
    await until(() => one('sales-return') !== null);
    await act(async () => {
      one('sales-return')!.click();
      await new Promise((r) => setTimeout(r, 50));
    });
    await until(() => all('return-left').length === 2 && all('return-left')[0]!.textContent === '1');
    expect(all('return-left').map((c) => c.textContent)).toEqual(['1', '1']);
    expect(one('return-earlier')?.textContent).toContain('not yet sent');
  });
});
