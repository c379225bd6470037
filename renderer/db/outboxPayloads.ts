import { payloadHash } from '../../shared/sync/protocol';
import type { OutboxRecord, TillDb } from './database';

/** An outbox record with its payload whole, as it is sent, journaled or set aside. */
export type WholeOutboxRecord = OutboxRecord & { payload: unknown };

/** A sale's record written without its payload, which is its sale row (`OutboxRecord`). */
export const isSaleByRow = (record: OutboxRecord): boolean =>
  record.kind === 'sale.record' && !('payload' in record);

/**
 * The records with their payloads: a sale's record without one takes it from its sale row, read
 * as one key range of the `seq` index over the records given, and checked against the record's
 * opId and, unless `hash` is 'checkedByServer', its hash. The row is written in the record's own
 * transaction and never changed after, so a mismatch means the database was damaged: it is an
 * error, never a payload journaled or set aside in place of the confirmed one. A push leaves the
 * hash to the server, which checks every payload against its hash before running it and refuses
 * one that does not match (`hash_mismatch`, docs/sync-protocol.md §4.4), so a damaged row is never
 * recorded as the sale; hashing every sale of a drain again at the till would cost it about a
 * second per 10,000 sales (§15.1).
 */
export async function withPayloads(
  db: TillDb,
  records: readonly OutboxRecord[],
  hash: 'checkedHere' | 'checkedByServer' = 'checkedHere',
): Promise<WholeOutboxRecord[]> {
  const byRow = records.filter(isSaleByRow);
  if (byRow.length === 0) return records as WholeOutboxRecord[];
  const seqs = byRow.map((record) => record.seq);
  const low = Math.min(...seqs);
  const high = Math.max(...seqs);
  const rows = await db.sales.where('seq').between(low, high, true, true).toArray();
  const rowOf = new Map(rows.map((row) => [row.seq, row]));
  return records.map((record) => {
    if (!isSaleByRow(record)) return record as WholeOutboxRecord;
    const row = rowOf.get(record.seq);
    if (row === undefined || row.opId !== record.opId) {
      throw new Error(`outbox: the sale of seq ${record.seq} is not in the sales table`);
    }
    const { seq: _seq, opId: _opId, ...sale } = row;
    if (hash === 'checkedHere' && payloadHash(sale) !== record.payloadHash) {
      throw new Error(`outbox: the sale of seq ${record.seq} does not match its operation's hash`);
    }
    return { ...record, payload: sale };
  });
}
