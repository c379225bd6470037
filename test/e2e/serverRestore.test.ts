import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_NAME } from '../../renderer/db/database';
import { demoProducts } from '../../server/seed/demoData';
import { chromiumMissing, screenshot } from './support/browser';
import { startTillRig, type TillRig } from './support/tillRig';

const products = demoProducts(300);

/** The receipt numbers of every sale in the till's own database, read with IndexedDB itself. */
function tillReceipts(page: Page): Promise<string[]> {
  return page.evaluate(
    (name) =>
      new Promise<string[]>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onerror = () => reject(request.error ?? new Error('open failed'));
        request.onsuccess = () => {
          const db = request.result;
          const all = db.transaction('sales').objectStore('sales').getAll();
          all.onsuccess = () => {
            resolve((all.result as { receiptNo: string }[]).map((s) => s.receiptNo).sort());
            db.close();
          };
        };
      }),
    DB_NAME,
  );
}

/**
 * How many operations the till holds as recorded by the server (its history table, where a row
 * holds one record or a batch's run of them under `records`).
 */
function tillRecorded(page: Page): Promise<number> {
  return page.evaluate(
    (name) =>
      new Promise<number>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onerror = () => reject(request.error ?? new Error('open failed'));
        request.onsuccess = () => {
          const db = request.result;
          const rows = db.transaction('history').objectStore('history').getAll();
          rows.onsuccess = () => {
            const held = rows.result as { records?: unknown[] }[];
            resolve(held.reduce((n, row) => n + (row.records?.length ?? 1), 0));
            db.close();
          };
        };
      }),
    DB_NAME,
  );
}

describe.skipIf(chromiumMissing)('a server put back to an older backup under a running till', () => {
  let rig: TillRig;
  beforeAll(async () => {
    rig = await startTillRig('restore');
  });
  afterAll(() => rig?.close());

  const database = () => join(rig.dataDir, 'omnitill.sqlite');
  /** What the server has, read beside it (WAL lets a reader in while it writes). */
  const serverReceipts = () => {
    const db = new SqliteDatabase(database(), { readonly: true });
    const rows = db.prepare('select receipt_no from sales order by receipt_no').all() as {
      receipt_no: string;
    }[];
    db.close();
    return rows.map((r) => r.receipt_no);
  };

  let sold = 0;
  async function sell(page: Page) {
    const input = page.getByTestId('scan-input');
    await input.fill(products[sold++]!.gtin);
    await input.press('Enter');
    await expect.poll(() => page.getByTestId('cart-lines').count(), { timeout: 15_000 }).toBe(1);
    await page.getByTestId('confirm').click();
    await expect.poll(() => page.getByTestId('cart-lines').count(), { timeout: 15_000 }).toBe(0);
  }
  /** Until the server has answered for every sale so far and the till has taken the answers in. */
  const drained = (page: Page) =>
    expect.poll(() => tillRecorded(page), { timeout: 70_000, interval: 500 }).toBe(sold);

  it('the till sends again the sales the restore took away; each is on the server once', async () => {
    const page = await rig.context.newPage();
    await page.goto(rig.storeUrl);
    await page.getByTestId('enrol-code').fill(rig.server.enrolmentCode('MSK-01'));
    await page.getByTestId('enrol-name').fill('Till 1');
    await page.getByTestId('enrol-submit').click();
    await expect
      .poll(() => page.getByTestId('status-bar').innerText(), { timeout: 30_000 })
      .toContain('300 / 300');

    await sell(page);
    await sell(page);
    await drained(page);
    expect(serverReceipts()).toHaveLength(2);

    // A consistent copy of the live database, taken with SQLite's online backup API.
    const backup = join(rig.dataDir, 'backup.sqlite');
    const live = new SqliteDatabase(database(), { readonly: true });
    await live.backup(backup);
    live.close();

    for (let i = 0; i < 3; i++) await sell(page);
    await drained(page);
    expect(serverReceipts()).toHaveLength(5);

    // The operator restores last night's backup: stop, put the copy in place, start again.
    await rig.stopServer();
    for (const suffix of ['', '-wal', '-shm']) rmSync(database() + suffix, { force: true });
    copyFileSync(backup, database());
    await rig.restartServer();
    expect(serverReceipts()).toHaveLength(2);

    await sell(page);
    await drained(page);
    await expect
      .poll(() => page.getByTestId('last-answer').innerText(), { timeout: 70_000, interval: 500 })
      .toContain('3 sent again after the server lost them');
    await expect.poll(() => page.getByTestId('conn').innerText(), { timeout: 15_000 }).toContain('Online');
    await screenshot(page, 'till-after-restore');

    const onServer = serverReceipts();
    expect(onServer).toHaveLength(6);
    expect(new Set(onServer).size).toBe(6);
    expect(onServer).toEqual(await tillReceipts(page));
    till = page;
  });

  let till: Page | undefined;

  it('a range the till no longer holds is shown at the till and at HQ, and nothing is sent out of turn', async () => {
    const page = till!;
    // Weeks later the till has kept only its newest recorded operation (seq 6); the older ones
    // went as the history's bounds allow. Done here with IndexedDB itself.
    await page.evaluate(
      (name) =>
        new Promise<void>((resolve, reject) => {
          const request = indexedDB.open(name);
          request.onerror = () => reject(request.error ?? new Error('open failed'));
          request.onsuccess = () => {
            const db = request.result;
            const tx = db.transaction('history', 'readwrite');
            const history = tx.objectStore('history');
            type Row = { seq: number; records?: { seq: number }[] };
            const rows = history.getAll();
            rows.onsuccess = () => {
              // A row holding a batch's run keeps its records from seq 6 on, as pruning would.
              for (const row of rows.result as Row[]) {
                const kept = (row.records ?? [row]).filter((record) => record.seq >= 6);
                if (kept.length === (row.records ?? [row]).length) continue;
                history.delete(row.seq);
                if (kept.length === 1) history.put(kept[0]);
                else if (kept.length > 1)
                  history.put({ seq: kept[0]!.seq, through: kept.at(-1)!.seq, records: kept });
              }
            };
            tx.oncomplete = () => {
              db.close();
              resolve();
            };
          };
        }),
      DB_NAME,
    );
    await rig.stopServer();
    for (const suffix of ['', '-wal', '-shm']) rmSync(database() + suffix, { force: true });
    copyFileSync(join(rig.dataDir, 'backup.sqlite'), database());
    await rig.restartServer();

    await sell(page);
    const conn = page.getByTestId('conn');
    await expect
      .poll(() => conn.getAttribute('data-refusal'), { timeout: 70_000, interval: 500 })
      .toBe('cannotResend');
    expect(await conn.innerText()).toContain('Server lost operations 3–5; this till no longer has them');
    await expect.poll(() => page.getByTestId('pending').innerText(), { timeout: 15_000 }).toMatch(/: 1\b/);
    await screenshot(page, 'till-cannot-resend');
    expect(serverReceipts()).toHaveLength(2);

    const hq = await rig.context.newPage();
    await hq.goto(`${rig.server.url}/hq/#stores`);
    await hq.getByTestId('login-email').fill('admin@demo.omnitill.org');
    await hq.getByTestId('login-password').fill(rig.server.adminPassword());
    await hq.getByTestId('login-submit').click();
    await expect
      .poll(() => hq.getByTestId('device-cannot-resend').innerText(), { timeout: 15_000 })
      .toContain('Cannot resend from seq 3');
    await screenshot(hq, 'hq-cannot-resend');
  });
});
