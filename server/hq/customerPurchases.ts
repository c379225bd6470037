import type { ExpressionBuilder } from 'kysely';
import { z } from 'zod';
import { normalizeEmail, normalizePhone } from '../../shared/domain/identifiers';
import { parseJsonText } from '../../shared/validation';
import type { StoreScope } from '../auth/roles';
import type { Db } from '../db/connect';
import type { Database } from '../db/schema';

/** The most purchases one page may ask for. */
export const PURCHASES_PAGE_MAX = 200;

export type Purchase = {
  saleId: string;
  receiptNo: string;
  storeName: string;
  storeCode: string;
  deviceName: string;
  cardNumber: string | null;
  /** The till's clock at confirmation, as printed on the receipt. */
  wallTime: string;
  /** When the server recorded it; purchases are listed by this, never by a till's clock. */
  receivedAt: string;
  clockSuspect: boolean;
  currency: string;
  totalMinor: number;
  lines: {
    lineNo: number;
    name: string;
    gtin: string;
    quantityMilli: number;
    unitPriceMinor: number;
    totalMinor: number;
    markingCode: string | null;
  }[];
  payments: {
    method: string;
    amountMinor: number;
    tenderedMinor: number;
    changeMinor: number;
    /** The card terminal's reference; null for cash. */
    reference: string | null;
  }[];
  /** Returns of this purchase the server has, in the order it recorded them. */
  returns: { returnId: string; refundMinor: number; reason: string; wallTime: string }[];
};

/** A customer's answer to one consent, the latest they gave; earlier ones stay in the table. */
export type Consent = {
  kind: 'personal_data' | 'marketing';
  granted: boolean;
  /** When they answered, by the clock of the device that asked. */
  givenAt: string;
  source: string;
};

export type CustomerPurchases = {
  query: string;
  customer: {
    id: string;
    displayName: string;
    phone: string | null;
    email: string | null;
    consents: Consent[];
  } | null;
  cards: string[];
  /** All the customer's purchases the caller may see, not only this page's. */
  count: number;
  /** Their sum per currency (a chain may sell in several), largest first. */
  totals: { currency: string; totalMinor: number }[];
  /** This page, newest first. */
  purchases: Purchase[];
  /** Pass back for the next page; null on the last one. */
  nextCursor: string | null;
};

export type PurchasesPage = { scope: StoreScope; cursor: string | null; limit: number };

/**
 * A page ends at a sale; the next starts strictly after it in (received_at, id) order, both set
 * by the server, so sales recorded meanwhile neither shift nor repeat a page.
 */
const cursorSchema = z.object({ receivedAt: z.string().min(1).max(40), id: z.string().min(1).max(64) });

function encodeCursor(position: z.infer<typeof cursorSchema>): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

function decodeCursor(cursor: string): z.infer<typeof cursorSchema> | null {
  const parsed = parseJsonText(cursorSchema, Buffer.from(cursor, 'base64url').toString('utf8'));
  return parsed.ok ? parsed.value : null;
}

/**
 * Finds a customer by card number, phone or email and lists their store purchases, newest first
 * by the server's receive time (never a till's clock), one page at a time, with the true count and
 * totals. A store manager sees only purchases in their stores.
 */
export async function customerPurchases(
  db: Db,
  rawQuery: string,
  { scope, cursor, limit }: PurchasesPage,
): Promise<CustomerPurchases | 'invalid_cursor'> {
  const after = cursor === null ? null : decodeCursor(cursor);
  if (cursor !== null && after === null) return 'invalid_cursor';
  const query = rawQuery.trim();
  const k = db.kysely;
  const email = normalizeEmail(query);
  const phone = email ? null : normalizePhone(query);

  let customerId: string | undefined;
  const card = await k
    .selectFrom('cards')
    .select('customer_id')
    .where('number', '=', query)
    .executeTakeFirst();
  if (card) customerId = card.customer_id;
  else if (email) {
    customerId = (await k.selectFrom('customers').select('id').where('email', '=', email).executeTakeFirst())
      ?.id;
  } else if (phone) {
    customerId = (await k.selectFrom('customers').select('id').where('phone', '=', phone).executeTakeFirst())
      ?.id;
  }

  const customer = customerId
    ? await k
        .selectFrom('customers')
        .select(['id', 'display_name', 'phone', 'email'])
        .where('id', '=', customerId)
        .executeTakeFirstOrThrow()
    : null;
  // Append-only: the newest row per kind is the answer in force.
  const consentRows = customerId
    ? await k
        .selectFrom('customer_consents')
        .select(['kind', 'granted', 'given_at', 'source'])
        .where('customer_id', '=', customerId)
        .orderBy('received_at', 'desc')
        .orderBy('id', 'desc')
        .execute()
    : [];
  const consents: Consent[] = [];
  for (const row of consentRows) {
    if (consents.some((c) => c.kind === row.kind)) continue;
    consents.push({
      kind: row.kind,
      granted: Number(row.granted) === 1,
      givenAt: row.given_at,
      source: row.source,
    });
  }
  // Shown in a fixed order: personal data (the one a card needs) first.
  consents.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'personal_data' ? -1 : 1));
  const cards = customerId
    ? (
        await k
          .selectFrom('cards')
          .select('number')
          .where('customer_id', '=', customerId)
          .orderBy('number')
          .execute()
      ).map((c) => c.number)
    : [];
  // A card the server does not know yet (issued at a till still offline) still finds its sales.
  const cardNumbers = cards.length > 0 ? cards : /^\d{4,40}$/.test(query) ? [query] : [];
  if (!customerId && cardNumbers.length === 0) {
    return { query, customer: null, cards: [], count: 0, totals: [], purchases: [], nextCursor: null };
  }
  if (scope.kind === 'stores' && scope.storeIds.length === 0) {
    return { query, customer: null, cards: [], count: 0, totals: [], purchases: [], nextCursor: null };
  }

  const theirs = (eb: ExpressionBuilder<Database, 'sales'>) => {
    const conditions = [];
    if (customerId) conditions.push(eb('sales.customer_id', '=', customerId));
    if (cardNumbers.length > 0) conditions.push(eb('sales.card_number', 'in', cardNumbers));
    const who = eb.or(conditions);
    return scope.kind === 'chain' ? who : eb.and([who, eb('sales.store_id', 'in', scope.storeIds)]);
  };

  const totals = await k
    .selectFrom('sales')
    .select([
      'sales.currency',
      (eb) => eb.fn.countAll<number>().as('n'),
      (eb) => eb.fn.sum<number>('sales.total_minor').as('total'),
    ])
    .where(theirs)
    .groupBy('sales.currency')
    .execute();

  const sales = await k
    .selectFrom('sales')
    .innerJoin('stores', 'stores.id', 'sales.store_id')
    .innerJoin('devices', 'devices.id', 'sales.device_id')
    .select([
      'sales.id',
      'sales.receipt_no',
      'sales.card_number',
      'sales.wall_time',
      'sales.received_at',
      'sales.clock_suspect',
      'sales.currency',
      'sales.total_minor',
      'stores.name as store_name',
      'stores.code as store_code',
      'devices.name as device_name',
    ])
    .where(theirs)
    .$if(after !== null, (q) =>
      q.where((eb) =>
        eb.or([
          eb('sales.received_at', '<', after!.receivedAt),
          eb.and([eb('sales.received_at', '=', after!.receivedAt), eb('sales.id', '<', after!.id)]),
        ]),
      ),
    )
    .orderBy('sales.received_at', 'desc')
    .orderBy('sales.id', 'desc')
    // One more than asked tells whether another page follows, without a second count.
    .limit(limit + 1)
    .execute();
  const more = sales.length > limit;
  if (more) sales.pop();
  const last = sales.at(-1);

  const ids = sales.map((s) => s.id);
  const lines = ids.length
    ? await k.selectFrom('sale_lines').selectAll().where('sale_id', 'in', ids).orderBy('line_no').execute()
    : [];
  const payments = ids.length
    ? await k.selectFrom('sale_payments').selectAll().where('sale_id', 'in', ids).orderBy('idx').execute()
    : [];
  const returns = ids.length
    ? await k
        .selectFrom('returns')
        .select(['id', 'sale_id', 'refund_minor', 'reason', 'wall_time'])
        .where('sale_id', 'in', ids)
        .orderBy('received_at')
        .orderBy('id')
        .execute()
    : [];

  return {
    query,
    customer: customer
      ? {
          id: customer.id,
          displayName: customer.display_name,
          phone: customer.phone,
          email: customer.email,
          consents,
        }
      : null,
    cards,
    count: totals.reduce((n, t) => n + Number(t.n), 0),
    totals: totals
      .map((t) => ({ currency: t.currency, totalMinor: Number(t.total) }))
      .sort((a, b) => b.totalMinor - a.totalMinor || a.currency.localeCompare(b.currency)),
    nextCursor: more && last ? encodeCursor({ receivedAt: last.received_at, id: last.id }) : null,
    purchases: sales.map((s) => ({
      saleId: s.id,
      receiptNo: s.receipt_no,
      storeName: s.store_name,
      storeCode: s.store_code,
      deviceName: s.device_name,
      cardNumber: s.card_number,
      wallTime: s.wall_time,
      receivedAt: s.received_at,
      clockSuspect: s.clock_suspect === 1,
      currency: s.currency,
      totalMinor: Number(s.total_minor),
      lines: lines
        .filter((l) => l.sale_id === s.id)
        .map((l) => ({
          lineNo: l.line_no,
          name: l.name,
          gtin: l.gtin,
          quantityMilli: Number(l.quantity_milli),
          unitPriceMinor: Number(l.unit_price_minor),
          totalMinor: Number(l.total_minor),
          markingCode: l.marking_code,
        })),
      payments: payments
        .filter((p) => p.sale_id === s.id)
        .map((p) => ({
          method: p.method,
          amountMinor: Number(p.amount_minor),
          tenderedMinor: Number(p.tendered_minor),
          changeMinor: Number(p.change_minor),
          reference: p.reference,
        })),
      returns: returns
        .filter((r) => r.sale_id === s.id)
        .map((r) => ({
          returnId: r.id,
          refundMinor: Number(r.refund_minor),
          reason: r.reason,
          wallTime: r.wall_time,
        })),
    })),
  };
}
