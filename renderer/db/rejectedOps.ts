import { useLiveQuery } from 'dexie-react-hooks';
import { z } from 'zod';
import { parseUnknown } from '../../shared/validation';
import type { RejectedRecord, TillDb } from './database';

/** A rejected or set-aside operation as the cashier's list shows it. */
export type RejectedOpView = {
  seq: number;
  kind: string;
  reason: string;
  detail: string | null;
  quarantined: boolean;
  rejectedAt: string;
  /** The sale's receipt number, for finding the paper receipt. */
  receiptNo: string | null;
  /** The card a refused card issue was for. */
  cardNumber: string | null;
  /** A refused hand-out at the pickup desk. */
  pickup: boolean;
};

const withReceipt = z.object({ receiptNo: z.string() });
const withCard = z.object({ cardNumber: z.string() });

export function toView(record: RejectedRecord): RejectedOpView {
  const payload = parseUnknown(withReceipt, record.payload);
  const card = record.kind === 'card.issue' ? parseUnknown(withCard, record.payload) : null;
  return {
    seq: record.seq,
    kind: record.kind,
    reason: record.reason,
    detail: record.detail,
    quarantined: record.quarantined,
    rejectedAt: record.rejectedAt,
    receiptNo: payload.ok ? payload.value.receiptNo : null,
    cardNumber: card?.ok ? card.value.cardNumber : null,
    pickup: record.kind === 'pickup.confirm',
  };
}

/** Newest first; they stay until someone deals with them, so the list is never silently short. */
export async function listRejectedOps(db: TillDb, limit = 200): Promise<RejectedOpView[]> {
  const rows = await db.rejected.orderBy('seq').reverse().limit(limit).toArray();
  return rows.map(toView);
}

export function useRejectedOps(db: TillDb, enabled: boolean) {
  return useLiveQuery(() => (enabled ? listRejectedOps(db) : []), [db, enabled], []);
}
