// @vitest-environment node
import 'fake-indexeddb/auto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Journal } from '../../../electron/journal/journal';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { openTillDb, type TillDb } from '../../../renderer/db/database';
import { JournalMirror, reconcileJournal } from '../../../renderer/db/journalMirror';
import { requireMeta } from '../../../renderer/db/meta';
import { withPayloads } from '../../../renderer/db/outboxPayloads';
import { recordSale } from '../../../renderer/db/sales';
import type { JournalBridge } from '../../../renderer/sync/journalBridge';
import { draft, enrolledTillDb } from './support';
import { withSyncStates } from '../../../renderer/db/saleSync';

/** The preload's three calls, answered by the real journal module over a folder of the test's own. */
const bridgeTo = (journal: Journal): JournalBridge => ({
  journalAppend: async (input) => {
    await journal.append(input);
    return { held: 0 };
  },
  journalAck: async (input) => {
    await journal.ack(input);
    return { held: 0 };
  },
  journalPending: () => Promise.resolve(journal.pending()),
});

describe('the store app and the journal', () => {
  let journal: Journal;
  let db: TillDb;
  const opened: TillDb[] = [];
  beforeEach(async () => {
    ({ journal } = await Journal.open(mkdtempSync(join(tmpdir(), 'omnitill-mirror-'))));
    db = await enrolledTillDb();
  });
  afterEach(async () => {
    await journal.close();
    await db.delete();
    for (const other of opened.splice(0)) await other.delete();
  });

  it('mirrors each committed operation with its install, enrolment and counters, and forgets acknowledged ones', async () => {
    const mirror = new JournalMirror(db, bridgeTo(journal));
    mirror.start();
    const a = await recordSale(db, draft());
    const b = await recordSale(db, draft());
    await mirror.flushed();
    const [stream] = journal.pending().streams;
    const install = await requireMeta(db, 'install');
    expect(stream).toMatchObject({ installId: install.installId, nextSeq: 3, nextReceipt: 3 });
    expect(stream!.device).toEqual(await requireMeta(db, 'device'));
    expect(stream!.ops.map((op) => op.opId)).toEqual([a.opId, b.opId]);

    mirror.acked(install.installId, 1);
    await expect.poll(() => journal.pending().streams[0]!.ops.map((op) => op.seq)).toEqual([2]);
  });

  it('journals a sale whole from its row, and never a row that no longer matches the sale confirmed', async () => {
    const changed = await recordSale(db, draft());
    await db.sales.update(changed.sale.saleId, { totalMinor: changed.sale.totalMinor + 1 });
    const mirror = new JournalMirror(db, bridgeTo(journal));
    mirror.start();
    const sold = await recordSale(db, draft());
    await mirror.flushed();
    expect(journal.pending().streams[0]!.ops.map((op) => op.payload)).toEqual([sold.sale]);

    mirror.enqueue([(await db.outbox.get(changed.seq))!]);
    await mirror.flushed();
    expect(journal.pending().streams[0]!.ops.map((op) => op.seq)).toEqual([sold.seq]);
  });

  it('gives the journal at start-up what a crash kept from it', async () => {
    await recordSale(db, draft());
    await recordSale(db, draft());
    expect(await reconcileJournal(db, bridgeTo(journal))).toEqual({ kind: 'caughtUp', operations: 2 });
    expect(journal.pending().streams[0]!.ops.map((op) => op.seq)).toEqual([1, 2]);
    expect(await reconcileJournal(db, bridgeTo(journal))).toEqual({ kind: 'nothing' });
  });

  it('takes the install up again in a database found new, and the next sale follows on', async () => {
    const mirror = new JournalMirror(db, bridgeTo(journal));
    mirror.start();
    const sold = [
      await recordSale(db, draft()),
      await recordSale(db, draft()),
      await recordSale(db, draft()),
    ];
    await mirror.flushed();
    const install = await requireMeta(db, 'install');
    mirror.acked(install.installId, 1);
    await expect.poll(() => journal.pending().streams[0]!.ops.length).toBe(2);

    const wiped = openTillDb(`till-${uuidv7()}`);
    opened.push(wiped);
    await wiped.open();
    expect(await reconcileJournal(wiped, bridgeTo(journal))).toEqual({
      kind: 'restored',
      installId: install.installId,
      operations: 2,
      sales: 2,
    });
    expect(await requireMeta(wiped, 'install')).toEqual(install);
    expect(await requireMeta(wiped, 'device')).toEqual(await requireMeta(db, 'device'));
    expect(await wiped.outbox.toArray()).toEqual(
      (await db.outbox.where('seq').above(1).toArray()).map((op) => ({
        ...op,
        attempts: 0,
        lastError: null,
      })),
    );
    expect(
      (await withSyncStates(wiped, await wiped.sales.orderBy('seq').toArray())).map((s) => [
        s.receiptNo,
        s.syncState,
      ]),
    ).toEqual(sold.slice(1).map((s) => [s.sale.receiptNo, 'pending']));
    const next = await recordSale(wiped, draft());
    expect(next.seq).toBe(4);
    expect(sold.map((s) => s.sale.receiptNo)).not.toContain(next.sale.receiptNo);
  });

  it('leaves a database that is not new as it is', async () => {
    await recordSale(db, draft());
    await journal.append({
      stream: {
        installId: uuidv7(),
        installCreatedAt: new Date().toISOString(),
        device: await requireMeta(db, 'device'),
        nextSeq: 2,
        nextReceipt: 2,
      },
      ops: [
        (await withPayloads(db, await db.outbox.toArray())).map(
          ({ attempts: _a, lastError: _l, ...op }) => op,
        )[0]!,
      ],
    });
    const before = await db.outbox.toArray();
    const install = await requireMeta(db, 'install');
    await reconcileJournal(db, bridgeTo(journal));
    expect(await requireMeta(db, 'install')).toEqual(install);
    expect(await db.outbox.toArray()).toEqual(before);
  });
});
