import { z } from 'zod';
import { parseJsonText } from '../../shared/validation';
import type { StoreScope } from '../auth/roles';
import type { Db } from '../db/connect';
import { sql } from 'kysely';
import { orderBranches } from './orderTimeline';
import { decodeTimelineCursor, encodeTimelineCursor } from './timelineCursor';
import {
  column,
  noAmount,
  noText,
  readTimeline,
  text,
  type TimelineBranch,
  type TimelineColumns,
  type TimelineRow,
} from './timelineQuery';

/** The most events one page may ask for. */
export const TIMELINE_PAGE_MAX = 200;

export type TimelineKind =
  'purchase' | 'return' | 'online_order' | 'pickup' | 'identify' | 'link' | 'page' | 'cart';
export type TimelineChannel = 'store' | 'web' | 'pickup';

export type TimelineEvent = {
  id: string;
  kind: TimelineKind;
  channel: TimelineChannel;
  /** When the server recorded it: the timeline's order, never a till's or a browser's clock. */
  at: string;
  store: { name: string; code: string } | null;
  storeId: string | null;
  /** The web shop it came from, for web events and online orders. */
  connectionId: string | null;
  /** Signed: a return is negative. */
  amountMinor: number | null;
  currency: string | null;
  /** The identifier the event arrived with, which ties it to the customer. */
  identifier: { type: string; value: string } | null;
  /** A receipt number, an order number, a page's title or address, the receipt a link redeemed. */
  detail: string | null;
};

/**
 * What ties events to one customer: the ids of every profile merged into it and the identifiers
 * the cluster holds now (server/hq/customerCluster.ts). Events are found by these, not by a
 * customer id written on them, so a merge shows all its clusters' events and an unmerge takes
 * them back without rewriting any event.
 */
export type ClusterKeys = {
  customerIds: string[];
  cards: string[];
  visitorIds: string[];
  emails: string[];
  phones: string[];
  shopAccounts: string[];
};

export type TimelinePage = { events: TimelineEvent[]; nextCursor: string | null };

/**
 * One customer's events across channels, newest first, a page at a time (keyset on the server's
 * time and the event id). Every source is a branch of one `UNION ALL` statement, read by an index
 * on its key and the time, at most a page from each, so a page costs one round trip and the same
 * on a customer with ten events and on one with ten thousand. An event found by two keys (a sale
 * by its customer and its card) is read by the first only: later branches of a table leave out
 * what earlier ones match. A store manager sees store events of their stores only.
 */
export async function customerTimeline(
  db: Db,
  keys: ClusterKeys,
  options: { scope: StoreScope; cursor: string | null; limit: number },
): Promise<TimelinePage | 'invalid_cursor'> {
  const after = options.cursor === null ? null : decodeTimelineCursor(options.cursor);
  if (options.cursor !== null && after === null) return 'invalid_cursor';
  const take = options.limit + 1;
  // A store manager's store events come only from their stores, filtered in the query itself so
  // that every page is full.
  const stores = options.scope.kind === 'chain' ? null : options.scope.storeIds;
  const branches = [
    ...storeBranches(db, 'sales', keys, stores),
    ...storeBranches(db, 'returns', keys, stores),
    ...webBranches(db, keys),
    ...orderBranches(db, keys, stores),
  ];
  const rows = await readTimeline(db, branches, after, take);
  const receipts = await linkedReceipts(db, rows);
  const merged = rows.map((r) => toEvent(r, receipts));
  const events = merged.slice(0, options.limit);
  const last = events.at(-1);
  return {
    events,
    nextCursor:
      merged.length > options.limit && last ? encodeTimelineCursor({ at: last.at, id: last.id }) : null,
  };
}

function toEvent(r: TimelineRow, receipts: Map<string, string>): TimelineEvent {
  const web = r.data === null ? null : parseJsonText(webData, r.data);
  const data = web?.ok ? web.value : {};
  const isCart = r.kind === 'cart';
  return {
    id: r.id,
    kind: r.kind as TimelineKind,
    channel: r.channel as TimelineChannel,
    at: r.at,
    store: r.store_name !== null && r.store_code !== null ? { name: r.store_name, code: r.store_code } : null,
    storeId: r.store_id,
    connectionId: r.connection_id,
    amountMinor: isCart ? (data.totalMinor ?? null) : r.amount_minor === null ? null : Number(r.amount_minor),
    currency: isCart ? (data.currency ?? null) : r.currency,
    identifier: r.id_type !== null && r.id_value !== null ? { type: r.id_type, value: r.id_value } : null,
    detail: r.data === null ? r.detail : webDetail(r.kind, data, receipts),
  };
}

/**
 * Sales or returns by the cluster's profile ids, then by its cards (leaving out what the first
 * found). A return is found by the customer and card it copied from its sale (migration 0022), so
 * each branch is one index range however many sales the customer has; it is shown negative.
 */
function storeBranches(
  db: Db,
  table: 'sales' | 'returns',
  keys: ClusterKeys,
  stores: string[] | null,
): TimelineBranch[] {
  if (stores !== null && stores.length === 0) return [];
  const base = () => {
    const query =
      table === 'sales'
        ? db.kysely.selectFrom('sales').innerJoin('stores', 'stores.id', 'sales.store_id')
        : db.kysely
            .selectFrom('returns')
            .innerJoin('sales', 'sales.id', 'returns.sale_id')
            .innerJoin('stores', 'stores.id', 'returns.store_id');
    return query.$if(stores !== null, (q) =>
      q.where(`${table}.store_id` as 'sales.store_id', 'in', stores ?? []),
    );
  };
  const columns: TimelineColumns = {
    id: column(`${table}.id`),
    kind: text(table === 'sales' ? 'purchase' : 'return'),
    channel: text('store'),
    at: column(`${table}.received_at`),
    store_id: column(`${table}.store_id`),
    store_name: column('stores.name'),
    store_code: column('stores.code'),
    connection_id: noText,
    amount_minor:
      table === 'sales' ? sql`cast(sales.total_minor as bigint)` : sql`cast(-returns.refund_minor as bigint)`,
    currency: column('sales.currency'),
    id_type: sql`case when ${sql.ref(`${table}.card_number`)} is null then null else 'card' end`,
    id_value: column(`${table}.card_number`),
    detail: column('sales.receipt_no'),
    data: noText,
  };
  const branch = (query: ReturnType<typeof base>): TimelineBranch => ({
    query: query,
    time: `${table}.received_at`,
    id: `${table}.id`,
    columns,
  });
  const { customerIds, cards } = keys;
  // The same column names on both tables; typed as the sale's for the query builder.
  const customerId = `${table}.customer_id` as 'sales.customer_id';
  const cardNumber = `${table}.card_number` as 'sales.card_number';
  return [
    ...(customerIds.length > 0 ? [branch(base().where(customerId, 'in', customerIds))] : []),
    ...(cards.length > 0
      ? [
          branch(
            base()
              .where(cardNumber, 'in', cards)
              .$if(customerIds.length > 0, (q) =>
                q.where((eb) => eb.or([eb(customerId, 'is', null), eb(customerId, 'not in', customerIds)])),
              ),
          ),
        ]
      : []),
  ];
}

const webData = z.object({
  url: z.string().optional(),
  title: z.string().optional(),
  totalMinor: z.number().optional(),
  currency: z.string().optional(),
  lines: z.array(z.unknown()).optional(),
  saleId: z.string().optional(),
  cardNumber: z.string().optional(),
  email: z.string().optional(),
  shopAccountId: z.string().optional(),
});

/** Web events by the cluster's visitor ids, then by the customer named on arrival. */
function webBranches(db: Db, keys: ClusterKeys): TimelineBranch[] {
  const columns: TimelineColumns = {
    id: column('id'),
    kind: column('kind'),
    channel: text('web'),
    at: column('received_at'),
    store_id: noText,
    store_name: noText,
    store_code: noText,
    connection_id: column('connection_id'),
    amount_minor: noAmount,
    currency: noText,
    id_type: text('visitor'),
    id_value: column('visitor_id'),
    detail: noText,
    data: column('data'),
  };
  const base = () => db.kysely.selectFrom('web_events');
  const branch = (query: ReturnType<typeof base>): TimelineBranch => ({
    query: query,
    time: 'received_at',
    id: 'id',
    columns,
  });
  const { visitorIds, customerIds } = keys;
  return [
    ...(visitorIds.length > 0 ? [branch(base().where('visitor_id', 'in', visitorIds))] : []),
    ...(customerIds.length > 0
      ? [
          branch(
            base()
              .where('customer_id', 'in', customerIds)
              .$if(visitorIds.length > 0, (q) => q.where('visitor_id', 'not in', visitorIds)),
          ),
        ]
      : []),
  ];
}

/** Receipt numbers of the sales that link events redeemed, in one query. */
async function linkedReceipts(db: Db, rows: TimelineRow[]): Promise<Map<string, string>> {
  const saleIds = rows.flatMap((r) => {
    if (r.kind !== 'link' || r.data === null) return [];
    const parsed = parseJsonText(webData, r.data);
    return parsed.ok && parsed.value.saleId ? [parsed.value.saleId] : [];
  });
  if (saleIds.length === 0) return new Map();
  const sales = await db.kysely
    .selectFrom('sales')
    .select(['id', 'receipt_no'])
    .where('id', 'in', saleIds)
    .execute();
  return new Map(sales.map((s) => [s.id, s.receipt_no]));
}

function webDetail(
  kind: string,
  data: z.infer<typeof webData>,
  receipts: Map<string, string>,
): string | null {
  switch (kind) {
    case 'page':
      return data.title || data.url || null;
    case 'cart':
      return data.lines ? `${data.lines.length}` : null;
    case 'link':
      return (data.saleId && receipts.get(data.saleId)) ?? data.cardNumber ?? null;
    case 'identify':
      return [data.shopAccountId, data.email].filter(Boolean).join(' · ') || null;
    default:
      return null;
  }
}
