import { mkdir, open, readFile, rename, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { JournalAck, JournalAppend, JournalPending, JournalStream } from '../../shared/ipc/journal';
import type { OutboxOp } from '../../shared/sync/protocol';
import { decodeFile, encodeRecord, type JournalRecord } from './journalRecords';

export const JOURNAL_FILE = 'operations.journal';

/**
 * Acknowledged operations the file may still hold before it is rewritten with only the unsent
 * ones. Rewriting costs a copy of what is unsent, so it waits until the dead part is worth it.
 */
export const COMPACT_AFTER_ACKED = 2000;

type StreamState = { stream: JournalStream; ops: Map<number, OutboxOp>; ackedThrough: number };

export type OpenReport = { records: number; tornBytes: number; damaged: number };

/**
 * The desktop app's append-only mirror of every operation the till has not had acknowledged
 * (docs/sync-protocol.md §16). It lives outside IndexedDB, in the app's data folder, so that an
 * update or an eviction that wipes the browser storage does not take unsent sales with it.
 *
 * - **Operations are on disk before `append` resolves**: each append is written and
 *   `fdatasync`ed; appends that arrive while a flush runs share the next one (group commit).
 * - **Acknowledgements are not synced**: losing one to a crash only means those operations are
 *   sent again after a wipe and answered `duplicate`.
 * - **A torn tail is cut off on open**; a damaged line inside is skipped and counted.
 * - **Compaction** rewrites the file with only the unacknowledged operations once enough
 *   acknowledged ones have piled up: a new file, synced, renamed over the old one, the folder
 *   synced, so a crash leaves either the old file or the new one, never a mix.
 */
export class Journal {
  private readonly streams = new Map<string, StreamState>();
  private queue: { bytes: Buffer; sync: boolean; done: (error?: Error) => void }[] = [];
  private flushScheduled = false;
  private tail: Promise<void> = Promise.resolve();
  private ackedSinceCompaction = 0;

  private constructor(
    private readonly dir: string,
    private file: FileHandle,
  ) {}

  static async open(dir: string): Promise<{ journal: Journal; report: OpenReport }> {
    await mkdir(dir, { recursive: true });
    const path = join(dir, JOURNAL_FILE);
    const content = await readFile(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return Buffer.alloc(0);
      throw error;
    });
    const decoded = decodeFile(content);
    const file = await open(path, 'a+');
    // Appends after a torn record would sit behind half a line: the tail goes first.
    if (decoded.tornBytes > 0) {
      await file.truncate(decoded.goodBytes);
      await file.datasync();
    }
    const journal = new Journal(dir, file);
    for (const record of decoded.records) journal.apply(record);
    return {
      journal,
      report: { records: decoded.records.length, tornBytes: decoded.tornBytes, damaged: decoded.damaged },
    };
  }

  /** Resolves once the operations are on disk. */
  async append({ stream, ops }: JournalAppend): Promise<void> {
    const record: JournalRecord = { t: 'ops', stream, ops };
    this.apply(record);
    await this.write(encodeRecord(record), true);
  }

  async ack({ installId, throughSeq }: JournalAck): Promise<void> {
    const state = this.streams.get(installId);
    if (state === undefined || throughSeq <= state.ackedThrough) return;
    const before = state.ops.size;
    this.apply({ t: 'ack', installId, throughSeq });
    this.ackedSinceCompaction += before - state.ops.size;
    await this.write(encodeRecord({ t: 'ack', installId, throughSeq }), false);
    if (this.ackedSinceCompaction >= COMPACT_AFTER_ACKED) await this.compact();
  }

  /** The unacknowledged operations of each install, in seq order. */
  pending(): JournalPending {
    return {
      streams: [...this.streams.values()].map(({ stream, ops }) => ({
        ...stream,
        ops: [...ops.values()].sort((a, b) => a.seq - b.seq),
      })),
    };
  }

  /** Rewrites the file with what is not acknowledged yet. */
  async compact(): Promise<void> {
    await this.enqueue(async () => {
      const path = join(this.dir, JOURNAL_FILE);
      const temporary = `${path}.compacting`;
      const out = await open(temporary, 'w');
      try {
        for (const { stream, ops, ackedThrough } of this.streams.values()) {
          const sorted = [...ops.values()].sort((a, b) => a.seq - b.seq);
          await out.write(encodeRecord({ t: 'ops', stream, ops: sorted }));
          await out.write(encodeRecord({ t: 'ack', installId: stream.installId, throughSeq: ackedThrough }));
        }
        await out.sync();
      } finally {
        await out.close();
      }
      await rename(temporary, path);
      await syncFolder(this.dir);
      await this.file.close();
      this.file = await open(path, 'a+');
      this.ackedSinceCompaction = 0;
    });
  }

  async close(): Promise<void> {
    await this.enqueue(() => this.file.close());
  }

  private apply(record: JournalRecord): void {
    if (record.t === 'ops') {
      const state = this.streams.get(record.stream.installId) ?? {
        stream: record.stream,
        ops: new Map<number, OutboxOp>(),
        ackedThrough: 0,
      };
      // Counters only grow; an older writer's figures never move them back.
      state.stream = {
        ...record.stream,
        nextSeq: Math.max(state.stream.nextSeq, record.stream.nextSeq),
        nextReceipt: Math.max(state.stream.nextReceipt, record.stream.nextReceipt),
      };
      for (const op of record.ops) {
        state.ops.set(op.seq, op);
        // Written again below the mark: the server lost them (a restore) and they are unsent again.
        if (op.seq <= state.ackedThrough) state.ackedThrough = op.seq - 1;
      }
      this.streams.set(record.stream.installId, state);
      return;
    }
    const state = this.streams.get(record.installId);
    if (state === undefined) return;
    state.ackedThrough = Math.max(state.ackedThrough, record.throughSeq);
    for (const seq of state.ops.keys()) if (seq <= record.throughSeq) state.ops.delete(seq);
  }

  private write(bytes: Buffer, sync: boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ bytes, sync, done: (error) => (error === undefined ? resolve() : reject(error)) });
      if (this.flushScheduled) return;
      this.flushScheduled = true;
      void this.enqueue(() => this.flush());
    });
  }

  /** Writes everything queued so far in one write and, if any of it asks, one flush. */
  private async flush(): Promise<void> {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    try {
      await this.file.write(Buffer.concat(batch.map((item) => item.bytes)));
      if (batch.some((item) => item.sync)) await this.file.datasync();
      for (const item of batch) item.done();
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      for (const item of batch) item.done(failure);
    }
  }

  /** Runs file work one piece at a time, in the order asked. */
  private enqueue(work: () => Promise<void>): Promise<void> {
    const run = this.tail.then(work);
    this.tail = run.catch(() => undefined);
    return run;
  }
}

/** Makes a rename inside `dir` durable (POSIX); Windows has no directory handles to sync. */
async function syncFolder(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** How many unacknowledged operations the journal holds, across installs. */
export function heldCount(journal: Journal): number {
  return journal.pending().streams.reduce((sum, stream) => sum + stream.ops.length, 0);
}
