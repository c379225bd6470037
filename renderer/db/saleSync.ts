import type { SaleRecord, TillDb } from './database';
import type { SyncState } from './returns';

/** A sale with its sync state, as the sales list shows it. */
export type SaleView = SaleRecord & { syncState: SyncState };

/**
 * The sync state of each sale, read from where its operation is (docs/sync-protocol.md §15):
 * rejected while the attention list holds it, pending while it is queued, synced once the server
 * has recorded it. The outbox is one unbroken run of seqs up to the newest, so a sale at or after
 * its head is queued; the rejections are read as one key range over the sales asked about.
 */
export async function withSyncStates(db: TillDb, sales: readonly SaleRecord[]): Promise<SaleView[]> {
  if (sales.length === 0) return [];
  const seqs = sales.map((sale) => sale.seq);
  const low = Math.min(...seqs);
  const high = Math.max(...seqs);
  const [head, rejected] = await Promise.all([
    db.outbox.orderBy('seq').first(),
    db.rejected.where('seq').between(low, high, true, true).toArray(),
  ]);
  const rejectedOps = new Map(rejected.map((row) => [row.seq, row.opId]));
  return sales.map((sale) => {
    let syncState: SyncState = 'synced';
    if (rejectedOps.get(sale.seq) === sale.opId) syncState = 'rejected';
    else if (head !== undefined && sale.seq >= head.seq) syncState = 'pending';
    return { ...sale, syncState };
  });
}

/** One sale's sync state (a receipt opened from the list, a test's check). */
export async function saleSyncState(db: TillDb, sale: SaleRecord): Promise<SyncState> {
  return (await withSyncStates(db, [sale]))[0]!.syncState;
}
