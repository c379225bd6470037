import { sql } from 'kysely';
import { z } from 'zod';
import type { PickupStatus } from '../../shared/domain/pickup';
import { parseJsonText } from '../../shared/validation';
import type { StoreScope } from '../auth/roles';
import type { Db } from '../db/connect';
import { partLines } from '../pickup/parts';

/**
 * HQ's list of online orders (docs/operations.md §16): one row per store part, newest first by the
 * order's UUIDv7 (the server's receive order, never a terminal's clock), filtered by store, state
 * and order number, a page at a time. A store manager sees their stores' parts only.
 */

const positionSchema = z.object({ o: z.string().min(1).max(64), s: z.string().min(1).max(64) });
type Position = z.infer<typeof positionSchema>;

const encode = (p: Position) => Buffer.from(JSON.stringify(p)).toString('base64url');
const decode = (cursor: string): Position | null => {
  const parsed = parseJsonText(positionSchema, Buffer.from(cursor, 'base64url').toString('utf8'));
  return parsed.ok ? parsed.value : null;
};

export type OrderPageInput = {
  storeId?: string | undefined;
  status?: PickupStatus | undefined;
  /** Part of the order number as the customer says it (`10042`, `WEB-10042`, `#1001`). */
  search?: string | undefined;
  cursor?: string | undefined;
  limit: number;
};

export type OrderPageRow = {
  orderId: string;
  orderNumber: string;
  connectionId: string;
  storeId: string;
  storeName: string;
  status: PickupStatus;
  totalMinor: number;
  currency: string;
  lineCount: number;
  collectedQuantity: number;
  quantity: number;
  placedAt: string;
  holdUntil: string | null;
};

export type OrderPage = { rows: OrderPageRow[]; nextCursor: string | null };

/** The page, or `bad_cursor` for a cursor this server did not give out. */
export async function orderPage(
  db: Db,
  scope: StoreScope,
  input: OrderPageInput,
): Promise<OrderPage | 'bad_cursor'> {
  const after = input.cursor === undefined ? null : decode(input.cursor);
  if (input.cursor !== undefined && after === null) return 'bad_cursor';
  const stores = scope.kind === 'stores' ? scope.storeIds : null;
  if (stores !== null && (stores.length === 0 || (input.storeId && !stores.includes(input.storeId))))
    return { rows: [], nextCursor: null };
  const search = input.search?.trim().replace(/^#/, '').toLowerCase() ?? '';
  const rows = await db.kysely
    .selectFrom('pickup_parts as p')
    .innerJoin('web_orders as o', 'o.id', 'p.order_id')
    .innerJoin('stores as s', 's.id', 'p.store_id')
    .select([
      'p.order_id',
      'p.store_id',
      'p.status',
      'p.total_minor',
      'p.lines',
      'p.hold_until',
      'o.order_number',
      'o.external_id',
      'o.connection_id',
      'o.currency',
      'o.placed_at',
      's.name as store_name',
    ])
    .$if(stores !== null, (q) => q.where('p.store_id', 'in', stores ?? []))
    .$if(input.storeId !== undefined, (q) => q.where('p.store_id', '=', input.storeId ?? ''))
    .$if(input.status !== undefined, (q) => q.where('p.status', '=', input.status ?? 'awaiting'))
    .$if(search !== '', (q) => {
      const pattern = `%${escapeLike(search)}%`;
      return q.where(
        sql<boolean>`(lower(o.order_number) like ${pattern} escape '\\' or lower(o.external_id) like ${pattern} escape '\\')`,
      );
    })
    .$if(after !== null, (q) =>
      q.where((eb) =>
        eb.or([
          eb('p.order_id', '<', after?.o ?? ''),
          eb.and([eb('p.order_id', '=', after?.o ?? ''), eb('p.store_id', '<', after?.s ?? '')]),
        ]),
      ),
    )
    .orderBy('p.order_id', 'desc')
    .orderBy('p.store_id', 'desc')
    .limit(input.limit + 1)
    .execute();
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    rows: page.map((r) => {
      const lines = partLines(r);
      return {
        orderId: r.order_id,
        orderNumber: r.order_number ?? r.external_id,
        connectionId: r.connection_id,
        storeId: r.store_id,
        storeName: r.store_name,
        status: r.status,
        totalMinor: Number(r.total_minor),
        currency: r.currency ?? '',
        lineCount: lines.length,
        quantity: lines.reduce((n, l) => n + l.quantity, 0),
        collectedQuantity: lines.reduce((n, l) => n + l.collectedQuantity, 0),
        placedAt: r.placed_at,
        holdUntil: r.hold_until,
      };
    }),
    nextCursor: rows.length > input.limit && last ? encode({ o: last.order_id, s: last.store_id }) : null,
  };
}

/** `%` and `_` typed by a person are letters, not wildcards (escaped with `\`, named in the query). */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
