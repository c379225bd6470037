import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMPACT_AFTER_ACKED, Journal, JOURNAL_FILE } from '../../../electron/journal/journal';
import type { JournalStream } from '../../../shared/ipc/journal';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { saleOp } from '../../server/support/chain';

const stream = (nextSeq: number): JournalStream => ({
  installId: '019a0000-0000-7000-8000-000000000001',
  installCreatedAt: '2026-01-01T08:00:00.000Z',
  device: {
    deviceId: uuidv7(),
    name: 'Till 1',
    token: 'otd_secret',
    serverUrl: 'http://127.0.0.1:8787',
    store: { id: 'store-1', code: 'MSK-01', name: 'Tverskaya', currency: 'RUB' },
    enrolledAt: '2026-01-01T08:00:00.000Z',
  },
  nextSeq,
  nextReceipt: nextSeq,
});

const folder = () => mkdtempSync(join(tmpdir(), 'omnitill-journal-'));
const seqsOf = (journal: Journal) => journal.pending().streams.flatMap((s) => s.ops.map((op) => op.seq));

describe('the operations journal', () => {
  it('keeps appended operations across a reopen, in seq order, with the install and its counters', async () => {
    const dir = folder();
    const { journal } = await Journal.open(dir);
    const ops = [1, 2, 3].map((seq) => saleOp(seq));
    await journal.append({ stream: stream(3), ops: ops.slice(0, 2) });
    await journal.append({ stream: stream(4), ops: ops.slice(2) });
    await journal.close();

    const reopened = await Journal.open(dir);
    expect(reopened.report).toEqual({ records: 2, tornBytes: 0, damaged: 0 });
    const [held] = reopened.journal.pending().streams;
    expect(held).toMatchObject({ installId: stream(1).installId, nextSeq: 4, nextReceipt: 4 });
    expect(held!.device.token).toBe('otd_secret');
    expect(held!.ops).toEqual(ops);
    await reopened.journal.close();
  });

  it('forgets acknowledged operations, also after a reopen', async () => {
    const dir = folder();
    const { journal } = await Journal.open(dir);
    await journal.append({ stream: stream(6), ops: [1, 2, 3, 4, 5].map((seq) => saleOp(seq)) });
    await journal.ack({ installId: stream(1).installId, throughSeq: 3 });
    expect(seqsOf(journal)).toEqual([4, 5]);
    await journal.close();
    const reopened = await Journal.open(dir);
    expect(seqsOf(reopened.journal)).toEqual([4, 5]);
    await reopened.journal.close();
  });

  it('cuts a torn last record off and appends cleanly after it', async () => {
    const dir = folder();
    const { journal } = await Journal.open(dir);
    await journal.append({ stream: stream(2), ops: [saleOp(1)] });
    await journal.close();
    // A crash in the middle of writing the next record: half a line, no newline.
    const whole = readFileSync(join(dir, JOURNAL_FILE));
    appendFileSync(join(dir, JOURNAL_FILE), whole.subarray(0, Math.floor(whole.length / 2)));

    const reopened = await Journal.open(dir);
    expect(reopened.report.tornBytes).toBe(Math.floor(whole.length / 2));
    expect(statSync(join(dir, JOURNAL_FILE)).size).toBe(whole.length);
    await reopened.journal.append({ stream: stream(3), ops: [saleOp(2)] });
    await reopened.journal.close();
    const again = await Journal.open(dir);
    expect(again.report).toEqual({ records: 2, tornBytes: 0, damaged: 0 });
    expect(seqsOf(again.journal)).toEqual([1, 2]);
    await again.journal.close();
  });

  it('skips a record whose checksum does not match, and counts it', async () => {
    const dir = folder();
    const { journal } = await Journal.open(dir);
    await journal.append({ stream: stream(2), ops: [saleOp(1)] });
    await journal.append({ stream: stream(3), ops: [saleOp(2)] });
    await journal.close();
    const text = readFileSync(join(dir, JOURNAL_FILE), 'utf8');
    const [first, second] = text.split('\n');
    // One changed digit in the first record's payload: the line still parses as JSON.
    const damaged = first!.replace(
      /"totalMinor":(\d)/,
      (_m, d: string) => `"totalMinor":${(Number(d) + 1) % 10}`,
    );
    expect(damaged).not.toBe(first);
    writeFileSync(join(dir, JOURNAL_FILE), `${damaged}\n${second}\n`);

    const reopened = await Journal.open(dir);
    expect(reopened.report).toEqual({ records: 1, tornBytes: 0, damaged: 1 });
    expect(seqsOf(reopened.journal)).toEqual([2]);
    await reopened.journal.close();
  });

  it('rewrites the file with only the unacknowledged operations once enough are acknowledged', async () => {
    const dir = folder();
    const { journal } = await Journal.open(dir);
    const total = COMPACT_AFTER_ACKED + 10;
    for (let start = 1; start <= total; start += 500) {
      const ops = Array.from({ length: Math.min(500, total - start + 1) }, (_, i) => saleOp(start + i));
      await journal.append({ stream: stream(start + ops.length), ops });
    }
    const before = statSync(join(dir, JOURNAL_FILE)).size;
    await journal.ack({ installId: stream(1).installId, throughSeq: COMPACT_AFTER_ACKED });
    const after = statSync(join(dir, JOURNAL_FILE)).size;
    expect(after).toBeLessThan(before / 50);
    await journal.append({ stream: stream(total + 2), ops: [saleOp(total + 1)] });
    await journal.close();

    const reopened = await Journal.open(dir);
    expect(reopened.report.damaged).toBe(0);
    expect(seqsOf(reopened.journal)).toEqual(
      Array.from({ length: 11 }, (_, i) => COMPACT_AFTER_ACKED + 1 + i),
    );
    expect(reopened.journal.pending().streams[0]).toMatchObject({ nextSeq: total + 2 });
    await reopened.journal.close();
  });

  it('holds operations written again below the acknowledged mark (the server lost them)', async () => {
    const dir = folder();
    const { journal } = await Journal.open(dir);
    const ops = [1, 2, 3].map((seq) => saleOp(seq));
    await journal.append({ stream: stream(4), ops });
    await journal.ack({ installId: stream(1).installId, throughSeq: 3 });
    await journal.append({ stream: stream(4), ops: ops.slice(1) });
    await journal.close();
    const reopened = await Journal.open(dir);
    expect(seqsOf(reopened.journal)).toEqual([2, 3]);
    await reopened.journal.close();
  });
});
