import { saleSchema } from '../../shared/domain/sale';
import { journalPendingSchema, type JournalPending, type JournalStream } from '../../shared/ipc/journal';
import { MAX_PUSH_OPS, payloadHash, type OutboxOp } from '../../shared/sync/protocol';
import { parseUnknown } from '../../shared/validation';
import type { JournalBridge } from '../sync/journalBridge';
import type { OutboxRecord, SaleRecord, TillDb } from './database';
import { getMeta, requireMeta } from './meta';
import { withPayloads, type WholeOutboxRecord } from './outboxPayloads';

/**
 * Keeps the desktop app's journal (docs/sync-protocol.md §16) in step with the outbox: every
 * operation added to the outbox is sent to it once its transaction has committed, never inside
 * the sale's transaction, so the journal adds nothing to the cashier's wait. The IPC round trip
 * and the file's flush happen after "sale saved"; what a crash catches in between is still in
 * IndexedDB and is sent again at the next start (`reconcileJournal`).
 */
export class JournalMirror {
  private queued: OutboxRecord[] = [];
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly db: TillDb,
    private readonly bridge: JournalBridge,
  ) {}

  /** Starts mirroring: a hook on the outbox sees every add, whichever screen made it. */
  start(): void {
    this.db.outbox.hook('creating', (_key, record, transaction) => {
      transaction.on('complete', () => this.enqueue([record]));
    });
  }

  /** Tells the journal the server recorded everything of `installId` up to `throughSeq`. */
  acked(installId: string, throughSeq: number): void {
    this.bridge.journalAck({ installId, throughSeq }).catch((error: unknown) => {
      // Only costs a resend answered `duplicate` if the database is ever wiped.
      console.warn('journal: acknowledgement not written', error);
    });
  }

  /** Resolves once everything queued so far is in the journal (tests, shutdown). */
  async flushed(): Promise<void> {
    while (this.flushing !== null) await this.flushing;
  }

  /**
   * Queues records for the journal. A sale's record holds no payload (`OutboxRecord`): it is read
   * from the sale row when the record is sent, after its transaction, so the journal holds every
   * operation whole and a wiped database can take it up again (`reconcileJournal`).
   */
  enqueue(records: readonly OutboxRecord[]): void {
    this.queued.push(...records);
    this.flushing ??= this.flush().finally(() => {
      this.flushing = null;
    });
  }

  private async flush(): Promise<void> {
    while (this.queued.length > 0) {
      const records = this.queued.splice(0, MAX_PUSH_OPS);
      try {
        const ops = (await withPayloads(this.db, records)).map(toOp);
        await this.bridge.journalAppend({ stream: await currentStream(this.db), ops });
      } catch (error) {
        // IndexedDB still holds them; the next start sends what the journal lacks.
        console.error('journal: operations not written', error);
        return;
      }
    }
  }
}

function toOp({
  seq,
  opId,
  kind,
  schemaVersion,
  payload,
  payloadHash,
  wallTime,
}: WholeOutboxRecord): OutboxOp {
  return { seq, opId, kind, schemaVersion, payload, payloadHash, wallTime };
}

async function currentStream(db: TillDb): Promise<JournalStream> {
  return db.transaction('r', db.meta, async () => {
    const install = await requireMeta(db, 'install');
    const counters = await requireMeta(db, 'counters');
    return {
      installId: install.installId,
      installCreatedAt: install.createdAt,
      device: await requireMeta(db, 'device'),
      nextSeq: counters.nextSeq,
      nextReceipt: counters.nextReceipt,
    };
  });
}

export type JournalRestore =
  /** The database was found new while the journal held unsent operations: they are back. */
  | { kind: 'restored'; installId: string; operations: number; sales: number }
  /** The journal lacked operations still queued here (a crash before they reached it): sent now. */
  | { kind: 'caughtUp'; operations: number }
  | { kind: 'nothing' };

/**
 * Run at start-up in the desktop app, before the sync loop. If IndexedDB is new (no enrolment,
 * nothing ever queued) while the journal holds unacknowledged operations of an install, that
 * install is taken up again: its enrolment, its counters and its operations come back in one
 * transaction, unchanged (same opId, seq and hash), and the sync loop sends them on the install's
 * own stream, so the server applies each once and answers `duplicate` for those it already had.
 */
export async function reconcileJournal(db: TillDb, bridge: JournalBridge): Promise<JournalRestore> {
  const read = parseUnknown(journalPendingSchema, await bridge.journalPending());
  if (!read.ok) throw new Error(`journal: unreadable answer:\n${read.error}`);
  const pending: JournalPending = read.value;
  const restored = await db.transaction('rw', [db.meta, db.outbox, db.sales], async () => {
    const device = await getMeta(db, 'device');
    const counters = await requireMeta(db, 'counters');
    const fresh = device === undefined && counters.nextSeq === 1 && (await db.outbox.count()) === 0;
    if (!fresh) return null;
    // The install that wrote last is the one this till was: the highest seq reached.
    const stream = pending.streams.filter((s) => s.ops.length > 0).sort((a, b) => b.nextSeq - a.nextSeq)[0];
    if (stream === undefined) return null;
    const { ops, installId, installCreatedAt, nextReceipt } = stream;
    const nextSeq = Math.max(stream.nextSeq, ops.at(-1)!.seq + 1);
    await db.meta.bulkPut([
      { key: 'install', value: { installId, createdAt: installCreatedAt } },
      { key: 'device', value: stream.device },
      { key: 'counters', value: { nextSeq, nextReceipt } },
    ]);
    const sales: SaleRecord[] = [];
    const records: OutboxRecord[] = [];
    for (const { payload, ...op } of ops) {
      const sale = op.kind === 'sale.record' ? parseUnknown(saleSchema, payload) : null;
      if (sale?.ok) sales.push({ ...sale.value, seq: op.seq, opId: op.opId });
      // As the sale was first written: its row holds the payload, the record only its hash, when
      // the row is exactly what was sent; otherwise the record keeps the payload as journaled.
      const byRow = sale?.ok === true && payloadHash(sale.value) === op.payloadHash;
      records.push({ ...op, ...(byRow ? {} : { payload }), attempts: 0, lastError: null });
    }
    await db.outbox.bulkAdd(records);
    await db.sales.bulkAdd(sales);
    return { kind: 'restored' as const, installId, operations: ops.length, sales: sales.length };
  });
  if (restored !== null) return restored;

  const install = await requireMeta(db, 'install');
  const held = pending.streams.find((s) => s.installId === install.installId);
  const heldThrough = held?.ops.at(-1)?.seq ?? 0;
  const missing = await db.outbox.where('seq').above(heldThrough).toArray();
  if (missing.length === 0 || (await getMeta(db, 'device')) === undefined) return { kind: 'nothing' };
  const mirror = new JournalMirror(db, bridge);
  mirror.enqueue(missing);
  await mirror.flushed();
  return { kind: 'caughtUp', operations: missing.length };
}
