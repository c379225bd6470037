import { normalizeEmail, normalizePhone } from '../../shared/domain/identifiers';
import type { Db } from '../db/connect';

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
  payments: { method: string; amountMinor: number; tenderedMinor: number; changeMinor: number }[];
};

export type CustomerPurchases = {
  query: string;
  customer: { id: string; displayName: string; phone: string | null; email: string | null } | null;
  cards: string[];
  purchases: Purchase[];
};

/** Finds a customer by card number, phone or email and lists their store purchases, newest first. */
export async function customerPurchases(db: Db, rawQuery: string, limit = 100): Promise<CustomerPurchases> {
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
  if (!customerId && cardNumbers.length === 0) return { query, customer: null, cards: [], purchases: [] };

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
    .where((eb) => {
      const conditions = [];
      if (customerId) conditions.push(eb('sales.customer_id', '=', customerId));
      if (cardNumbers.length > 0) conditions.push(eb('sales.card_number', 'in', cardNumbers));
      return eb.or(conditions);
    })
    .orderBy('sales.received_at', 'desc')
    .orderBy('sales.id', 'desc')
    .limit(limit)
    .execute();

  const ids = sales.map((s) => s.id);
  const lines = ids.length
    ? await k.selectFrom('sale_lines').selectAll().where('sale_id', 'in', ids).orderBy('line_no').execute()
    : [];
  const payments = ids.length
    ? await k.selectFrom('sale_payments').selectAll().where('sale_id', 'in', ids).orderBy('idx').execute()
    : [];

  return {
    query,
    customer: customer
      ? { id: customer.id, displayName: customer.display_name, phone: customer.phone, email: customer.email }
      : null,
    cards,
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
        })),
    })),
  };
}
