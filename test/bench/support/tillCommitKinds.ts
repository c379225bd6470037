/**
 * What the sale-commit bench times, one of each in turn (test/bench/browser/tillCommit.entry.ts):
 * - `ours`: `recordSale`, as the till's confirm runs it (strict durability), with what the sale is
 *   computed from read ahead by `prepareSale` (untimed), as the till does while payment is taken;
 * - `oursUnprepared`: `recordSale` reading everything inside its transaction;
 * - `pouch`: PouchDB's `put` of the same sale document (Chromium's default durability, relaxed);
 * - `pouchStrict`: the same `put` with PouchDB's transactions made strict, the till's durability;
 * - `sameWrites`: the rows `recordSale` writes (sale, outbox row, counters, emptied basket) in one
 *   strict IndexedDB transaction without Dexie and without its reads: what the writes alone cost;
 * - `oneStrict` / `oneRelaxed`: one small record put in a strict / relaxed transaction: the floor,
 *   a round trip to IndexedDB plus, when strict, the flush;
 * - `emptyStrict`: a strict transaction with nothing in it: the round trip alone.
 */
export const tillCommitKinds = [
  'ours',
  'oursUnprepared',
  'pouch',
  'pouchStrict',
  'sameWrites',
  'oneStrict',
  'oneRelaxed',
  'emptyStrict',
] as const;
export type TillCommitKind = (typeof tillCommitKinds)[number];

export const tillCommitLabels: Record<TillCommitKind, string> = {
  ours: 'ours (recordSale, prepared, strict)',
  oursUnprepared: 'ours, not prepared',
  pouch: 'PouchDB put',
  pouchStrict: 'PouchDB put, made strict',
  sameWrites: 'same writes, raw IndexedDB, strict',
  oneStrict: 'one record, strict',
  oneRelaxed: 'one record, relaxed',
  emptyStrict: 'empty transaction, strict',
};
