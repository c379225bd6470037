import type { Kysely } from 'kysely';
import { inScope, type StoreScope } from '../auth/roles';
import type { Db } from '../db/connect';
import type { Database } from '../db/schema';
import { decodePageCursor, encodePageCursor } from './pageCursor';

export type ReturnLineView = { lineNo: number; name: string; quantityMilli: number; soldMilli: number };

/** A return as HQ reads it: what went back, against which sale, who did it and what points did. */
export type ReturnView = {
  returnId: string;
  saleId: string;
  /** The original sale's receipt: a return has no receipt number of its own. */
  receiptNo: string;
  saleTillTime: string;
  deviceName: string;
  currency: string;
  refundMinor: number;
  reason: string;
  tillTime: string;
  receivedAt: string;
  cardNumber: string | null;
  /** Of the points the sale earned, those taken back; of those it burned, those given back. */
  pointsReversed: number;
  pointsRestored: number;
  /** Null when the till did not say (returns from before cashiers were recorded). */
  cashierName: string | null;
  approvedByName: string | null;
  lines: ReturnLineView[];
};

export type ReturnsPage = { returns: ReturnView[]; nextCursor: string | null };
export const RETURNS_PAGE_MAX = 100;

/**
 * A page of a store's returns, newest first by when the server received them. Null for a store
 * outside the caller's scope.
 */
export async function storeReturns(
  db: Db,
  scope: StoreScope,
  storeId: string,
  page: { cursor: string | null; limit: number },
): Promise<ReturnsPage | null | 'invalid_cursor'> {
  if (!inScope(scope, storeId)) return null;
  const after = page.cursor === null ? null : decodePageCursor(page.cursor);
  if (page.cursor !== null && after === null) return 'invalid_cursor';
  const k = db.kysely;
  const store = await k.selectFrom('stores').select('id').where('id', '=', storeId).executeTakeFirst();
  if (!store) return null;
  const limit = Math.min(page.limit, RETURNS_PAGE_MAX);
  const rows = await k
    .selectFrom('returns')
    .select(['returns.id', 'returns.received_at'])
    .where('returns.store_id', '=', storeId)
    .$if(after !== null, (q) =>
      q.where((eb) =>
        eb.or([
          eb('returns.received_at', '<', after!.receivedAt),
          eb.and([eb('returns.received_at', '=', after!.receivedAt), eb('returns.id', '<', after!.id)]),
        ]),
      ),
    )
    .orderBy('returns.received_at', 'desc')
    .orderBy('returns.id', 'desc')
    .limit(limit + 1)
    .execute();
  const more = rows.length > limit;
  if (more) rows.pop();
  const last = rows.at(-1);
  return {
    returns: await returnViews(
      k,
      rows.map((r) => r.id),
    ),
    nextCursor: more && last ? encodePageCursor({ receivedAt: last.received_at, id: last.id }) : null,
  };
}

/** The returns named, newest first by receipt at the server, with their lines and points. */
export async function returnViews(k: Kysely<Database>, ids: readonly string[]): Promise<ReturnView[]> {
  if (ids.length === 0) return [];
  const rows = await k
    .selectFrom('returns')
    .innerJoin('sales', 'sales.id', 'returns.sale_id')
    .innerJoin('devices', 'devices.id', 'returns.device_id')
    .leftJoin('cashiers as cashier', 'cashier.id', 'returns.cashier_id')
    .leftJoin('cashiers as approver', 'approver.id', 'returns.approved_by')
    .select([
      'returns.id',
      'returns.sale_id',
      'returns.refund_minor',
      'returns.reason',
      'returns.wall_time',
      'returns.received_at',
      'returns.cashier_id',
      'returns.approved_by',
      'sales.receipt_no',
      'sales.wall_time as sale_wall_time',
      'sales.currency',
      'sales.card_number',
      'devices.name as device_name',
      'cashier.name as cashier_name',
      'approver.name as approver_name',
    ])
    .where('returns.id', 'in', ids)
    .orderBy('returns.received_at', 'desc')
    .orderBy('returns.id', 'desc')
    .execute();
  const lines = await k
    .selectFrom('return_lines')
    .innerJoin('returns', 'returns.id', 'return_lines.return_id')
    .innerJoin('sale_lines', (join) =>
      join
        .onRef('sale_lines.sale_id', '=', 'returns.sale_id')
        .onRef('sale_lines.line_no', '=', 'return_lines.line_no'),
    )
    .select([
      'return_lines.return_id',
      'return_lines.line_no',
      'return_lines.quantity_milli',
      'sale_lines.name',
      'sale_lines.quantity_milli as sold_milli',
    ])
    .where('return_lines.return_id', 'in', ids)
    .orderBy('return_lines.line_no')
    .execute();
  // applyReturn writes the points back as reversals sourced `<return id>/earn` and `/burn`.
  const points = await k
    .selectFrom('loyalty_ledger')
    .select(['source_id', 'points'])
    .where('kind', '=', 'reversal')
    .where(
      'source_id',
      'in',
      ids.flatMap((id) => [`${id}/earn`, `${id}/burn`]),
    )
    .execute();
  const pointsOf = (source: string) => Number(points.find((p) => p.source_id === source)?.points ?? 0);
  return rows.map((r) => ({
    returnId: r.id,
    saleId: r.sale_id,
    receiptNo: r.receipt_no,
    saleTillTime: r.sale_wall_time,
    deviceName: r.device_name,
    currency: r.currency,
    refundMinor: Number(r.refund_minor),
    reason: r.reason,
    tillTime: r.wall_time,
    receivedAt: r.received_at,
    cardNumber: r.card_number,
    pointsReversed: -pointsOf(`${r.id}/earn`),
    pointsRestored: pointsOf(`${r.id}/burn`),
    // A cashier the server does not know still shows as recorded, by id.
    cashierName: r.cashier_id === null ? null : (r.cashier_name ?? r.cashier_id),
    approvedByName: r.approved_by === null ? null : (r.approver_name ?? r.approved_by),
    lines: lines
      .filter((l) => l.return_id === r.id)
      .map((l) => ({
        lineNo: Number(l.line_no),
        name: l.name,
        quantityMilli: Number(l.quantity_milli),
        soldMilli: Number(l.sold_milli),
      })),
  }));
}
