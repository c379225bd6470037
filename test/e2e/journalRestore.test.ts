import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journal } from '../../electron/journal/journal';
import { journalAckSchema, journalAppendSchema } from '../../shared/ipc/journal';
import { parseUnknown } from '../../shared/validation';
import { demoProducts } from '../../server/seed/demoData';
import { chromiumMissing } from './support/browser';
import { startTillRig, type TillRig } from './support/tillRig';

const products = demoProducts(300);

/**
 * The desktop app's journal with a wiped IndexedDB, in Chromium: the store app talks to the real
 * journal module (electron/journal) through the same three calls the preload gives it in Electron,
 * here exposed to the page by the test, with the journal file in a folder of the test's own.
 */
describe.skipIf(chromiumMissing)(
  'a till whose database is wiped takes its unsent sales back from the journal',
  () => {
    let rig: TillRig;
    let journal: Journal;
    let acksReachJournal = false;

    beforeAll(async () => {
      rig = await startTillRig('journal');
      ({ journal } = await Journal.open(mkdtempSync(join(tmpdir(), 'omnitill-e2e-journal-'))));
      await rig.context.exposeFunction('omnitillJournalAppend', async (raw: unknown) => {
        const input = parseUnknown(journalAppendSchema, raw);
        if (!input.ok) throw new Error(input.error);
        await journal.append(input.value);
        return { held: 0 };
      });
      await rig.context.exposeFunction('omnitillJournalAck', async (raw: unknown) => {
        const input = parseUnknown(journalAckSchema, raw);
        if (!input.ok) throw new Error(input.error);
        // Until told otherwise the acknowledgement is lost on its way, as in a crash right after it.
        if (acksReachJournal) await journal.ack(input.value);
        return { held: 0 };
      });
      await rig.context.exposeFunction('omnitillJournalPending', () => journal.pending());
      await rig.context.addInitScript(() => {
        const w = window as unknown as Record<string, (x?: unknown) => Promise<unknown>>;
        (window as unknown as { omnitill: unknown }).omnitill = {
          journalAppend: (input: unknown) => w.omnitillJournalAppend!(input),
          journalAck: (input: unknown) => w.omnitillJournalAck!(input),
          journalPending: () => w.omnitillJournalPending!(),
        };
      });
    });
    afterAll(async () => {
      await journal?.close();
      await rig?.close();
    });

    const held = () => journal.pending().streams.flatMap((s) => s.ops);

    async function sell(page: Page, index: number) {
      const before = await page
        .getByTestId('last-sale')
        .innerText()
        .catch(() => '');
      const input = page.getByTestId('scan-input');
      await input.fill(products[index]!.gtin);
      await input.press('Enter');
      await page.getByTestId('confirm').click();
      await expect
        .poll(() => page.getByTestId('last-sale').innerText(), { timeout: 15_000 })
        .not.toBe(before);
    }

    it('restores the install, sends every sale again on its own stream, and the server has each once', async () => {
      const page = await rig.context.newPage();
      await page.goto(rig.storeUrl);
      await page.getByTestId('enrol-code').fill(rig.server.enrolmentCode('MSK-01'));
      await page.getByTestId('enrol-name').fill('Till 1');
      await page.getByTestId('enrol-submit').click();
      await expect
        .poll(() => page.getByTestId('status-bar').innerText(), { timeout: 30_000 })
        .toContain('300 / 300');

      // Sold online: the server records it, but the journal never hears the acknowledgement.
      await sell(page, 0);
      await expect
        .poll(() => page.getByTestId('last-answer').innerText(), { timeout: 30_000 })
        .toContain('1 sale recorded');
      // Two more sold while the server is away.
      await rig.stopServer();
      await sell(page, 1);
      await sell(page, 2);
      await expect.poll(() => page.getByTestId('pending').innerText(), { timeout: 15_000 }).toMatch(/: 2\b/);
      await expect.poll(() => held().length, { timeout: 15_000 }).toBe(3);
      const journaled = held();
      const receipts = journaled.map((op) => (op.payload as { receiptNo: string }).receiptNo);

      // The browser storage is wiped (an update, an eviction): from another page of the origin.
      await page.goto(`${rig.host.url}/wiped`);
      await page.evaluate(
        () =>
          new Promise<void>((ok, fail) => {
            const request = indexedDB.deleteDatabase('omnitill-till');
            request.onsuccess = () => ok();
            request.onerror = () => fail(new Error('delete failed'));
          }),
      );
      expect(await page.evaluate(async () => (await indexedDB.databases()).length)).toBe(0);

      acksReachJournal = true;
      await page.goto(rig.storeUrl);
      // No enrolment screen: the till is itself again, with its three unsent sales queued.
      await page.getByTestId('scan-input').waitFor();
      await expect.poll(() => page.getByTestId('pending').innerText(), { timeout: 15_000 }).toMatch(/: 3\b/);

      await rig.restartServer();
      await page.getByRole('button', { name: /sync now/i }).click();
      await expect
        .poll(() => page.getByTestId('pending').innerText(), { timeout: 70_000, interval: 500 })
        .toMatch(/: 0\b/);
      await expect.poll(() => held().length, { timeout: 10_000 }).toBe(0);

      const server = new SqliteDatabase(join(rig.dataDir, 'omnitill.sqlite'), { readonly: true });
      const onServer = server
        .prepare('select receipt_no from sales where receipt_no in (?, ?, ?) order by receipt_no')
        .all(...receipts) as { receipt_no: string }[];
      const ops = server
        .prepare('select op_id, install_id, seq from applied_ops where op_id in (?, ?, ?) order by seq')
        .all(...journaled.map((op) => op.opId)) as { op_id: string; install_id: string; seq: number }[];
      server.close();
      expect(onServer.map((s) => s.receipt_no)).toEqual([...receipts].sort());
      expect(ops.map((o) => o.seq)).toEqual(journaled.map((op) => op.seq));
      expect(new Set(ops.map((o) => o.install_id))).toEqual(
        new Set([journal.pending().streams[0]!.installId]),
      );
    });
  },
);
