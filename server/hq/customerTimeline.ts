import { z } from 'zod';
import { parseJsonText } from '../../shared/validation';
import type { StoreScope } from '../auth/roles';
import type { Db } from '../db/connect';
import { orderSources } from './orderTimeline';
import { olderThan } from './timelineQuery';
import {
  decodeTimelineCursor,
  encodeTimelineCursor,
  newerFirst,
  type TimelinePosition,
} from './timelineCursor';

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

/** One kind of event by one key: at most `take` events strictly older than `after`, newest first. */
export type TimelineSource = (after: TimelinePosition | null, take: number) => Promise<TimelineEvent[]>;
type Source = TimelineSource;

/**
 * One customer's events across channels, newest first, a page at a time (keyset on the server's
 * time and the event id). Each source is read by an index on its key and the time, at most a
 * page from each, and the pages are merged here, so a page costs the same on a customer with ten
 * events and on one with ten thousand. A store manager sees store events of their stores only.
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
  const storeSources = stores === null || stores.length > 0;
  const sources: Source[] = [
    ...(storeSources && keys.customerIds.length > 0
      ? [salesBy(db, 'customer_id', keys.customerIds, stores)]
      : []),
    ...(storeSources && keys.cards.length > 0 ? [salesBy(db, 'card_number', keys.cards, stores)] : []),
    ...(storeSources && keys.customerIds.length > 0
      ? [returnsBy(db, 'customer_id', keys.customerIds, stores)]
      : []),
    ...(storeSources && keys.cards.length > 0 ? [returnsBy(db, 'card_number', keys.cards, stores)] : []),
    ...(keys.visitorIds.length > 0 ? [webBy(db, 'visitor_id', keys.visitorIds)] : []),
    ...(keys.customerIds.length > 0 ? [webBy(db, 'customer_id', keys.customerIds)] : []),
    ...orderSources(db, keys, stores),
  ];
  const found = (await Promise.all(sources.map((source) => source(after, take)))).flat();
  const seen = new Set<string>();
  const merged = found
    .filter((e) => {
      if (seen.has(e.id)) return false;
      seen.add(e.id);
      return true;
    })
    .sort(newerFirst);
  const events = merged.slice(0, options.limit);
  const last = events.at(-1);
  return {
    events,
    nextCursor:
      merged.length > options.limit && last ? encodeTimelineCursor({ at: last.at, id: last.id }) : null,
  };
}

function salesBy(
  db: Db,
  column: 'customer_id' | 'card_number',
  values: string[],
  stores: string[] | null,
): Source {
  return async (after, take) => {
    const rows = await olderThan(
      db.kysely
        .selectFrom('sales')
        .innerJoin('stores', 'stores.id', 'sales.store_id')
        .select([
          'sales.id',
          'sales.store_id',
          'sales.receipt_no',
          'sales.card_number',
          'sales.received_at',
          'sales.currency',
          'sales.total_minor',
          'stores.name as store_name',
          'stores.code as store_code',
        ])
        .where(`sales.${column}`, 'in', values)
        .$if(stores !== null, (q) => q.where('sales.store_id', 'in', stores ?? [])),
      'sales.received_at',
      'sales.id',
      after,
    )
      .orderBy('sales.received_at', 'desc')
      .orderBy('sales.id', 'desc')
      .limit(take)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      kind: 'purchase' as const,
      channel: 'store' as const,
      at: r.received_at,
      store: { name: r.store_name, code: r.store_code },
      storeId: r.store_id,
      connectionId: null,
      amountMinor: Number(r.total_minor),
      currency: r.currency,
      identifier: r.card_number ? { type: 'card', value: r.card_number } : null,
      detail: r.receipt_no,
    }));
  };
}

function returnsBy(
  db: Db,
  column: 'customer_id' | 'card_number',
  values: string[],
  stores: string[] | null,
): Source {
  return async (after, take) => {
    const rows = await olderThan(
      db.kysely
        .selectFrom('returns')
        .innerJoin('sales', 'sales.id', 'returns.sale_id')
        .innerJoin('stores', 'stores.id', 'returns.store_id')
        .select([
          'returns.id',
          'returns.store_id',
          'returns.received_at',
          'returns.refund_minor',
          'sales.receipt_no',
          'sales.card_number',
          'sales.currency',
          'stores.name as store_name',
          'stores.code as store_code',
        ])
        .where(`sales.${column}`, 'in', values)
        .$if(stores !== null, (q) => q.where('returns.store_id', 'in', stores ?? [])),
      'returns.received_at',
      'returns.id',
      after,
    )
      .orderBy('returns.received_at', 'desc')
      .orderBy('returns.id', 'desc')
      .limit(take)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      kind: 'return' as const,
      channel: 'store' as const,
      at: r.received_at,
      store: { name: r.store_name, code: r.store_code },
      storeId: r.store_id,
      connectionId: null,
      amountMinor: -Number(r.refund_minor),
      currency: r.currency,
      identifier: r.card_number ? { type: 'card', value: r.card_number } : null,
      detail: r.receipt_no,
    }));
  };
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

function webBy(db: Db, column: 'visitor_id' | 'customer_id', values: string[]): Source {
  return async (after, take) => {
    const rows = await olderThan(
      db.kysely.selectFrom('web_events').selectAll().where(column, 'in', values),
      'received_at',
      'id',
      after,
    )
      .orderBy('received_at', 'desc')
      .orderBy('id', 'desc')
      .limit(take)
      .execute();
    const receipts = await linkedReceipts(db, rows);
    return rows.map((r) => {
      const parsed = parseJsonText(webData, r.data);
      const data = parsed.ok ? parsed.value : {};
      return {
        id: r.id,
        kind: r.kind,
        channel: 'web' as const,
        at: r.received_at,
        store: null,
        storeId: null,
        connectionId: r.connection_id,
        amountMinor: r.kind === 'cart' ? (data.totalMinor ?? null) : null,
        currency: r.kind === 'cart' ? (data.currency ?? null) : null,
        identifier: { type: 'visitor', value: r.visitor_id },
        detail: webDetail(r.kind, data, receipts),
      };
    });
  };
}

/** Receipt numbers of the sales that link events redeemed, in one query. */
async function linkedReceipts(db: Db, rows: { kind: string; data: string }[]): Promise<Map<string, string>> {
  const saleIds = rows.flatMap((r) => {
    if (r.kind !== 'link') return [];
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
