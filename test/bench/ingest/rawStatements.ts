import type { Sale } from '../../../shared/domain/sale';

/**
 * The statements the product runs for one new three-line cash sale on a known card (no loyalty
 * pricing, no link code), written out by hand: the raw reference runs exactly these, without the
 * query builder, HTTP, validation or hashing around them. `?` placeholders; `pgText` turns them
 * into `$n` for PostgreSQL.
 */
export const perOpStatements = {
  streamNext: 'select next_seq from device_streams where device_id = ? and install_id = ?',
  priorOp: 'select device_id, payload_hash, result, install_id, seq from applied_ops where op_id = ?',
  storeCurrency: 'select currency from stores where id = ?',
  saleTaken:
    'select id, device_id, receipt_no from sales where (id = ? or (device_id = ? and receipt_no = ?))',
  cardHolder: 'select customer_id from cards where number = ?',
  insertSale:
    'insert into sales (id, op_id, store_id, device_id, receipt_no, card_number, customer_id, currency, total_minor, wall_time, received_at, clock_suspect, loyalty_discount_minor, cashier_id, shift_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  insertLines:
    'insert into sale_lines (sale_id, line_no, product_id, gtin, name, quantity_milli, unit_price_minor, total_minor, marking_code) values (?, ?, ?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  insertPayment:
    'insert into sale_payments (sale_id, idx, method, amount_minor, tendered_minor, change_minor, reference) values (?, ?, ?, ?, ?, ?, ?)',
  latestConfig: 'select config from loyalty_configs order by version desc limit ?',
  openAccount:
    'insert into loyalty_accounts (customer_id, points_balance, lifetime_spend_minor, updated_at) values (?, ?, ?, ?) on conflict (customer_id) do nothing',
  moveBalance:
    'update loyalty_accounts set points_balance = points_balance + ?, lifetime_spend_minor = lifetime_spend_minor + ?, updated_at = ? where customer_id = ? returning points_balance',
  summary:
    'select customers.display_name, customers.phone, loyalty_accounts.points_balance, loyalty_accounts.lifetime_spend_minor from customers left join loyalty_accounts on loyalty_accounts.customer_id = customers.id where customers.id = ?',
  insertChange:
    'insert into change_log (topic, entity_id, store_id, data, created_at) values (?, ?, ?, ?, ?)',
  insertApplied:
    'insert into applied_ops (op_id, device_id, install_id, seq, kind, schema_version, payload_hash, status, result, wall_time, received_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  advanceStream:
    'update device_streams set next_seq = ? where device_id = ? and install_id = ? and next_seq = ?',
} as const;

export type Statement = keyof typeof perOpStatements;

export function pgText(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

export type RawOp = { opId: string; seq: number; hash: string; sale: Sale };
export type RawStream = { deviceId: string; storeId: string; installId: string; customerId: string };

/** The statements of one sale operation, in the product's order, with their parameters. */
export function statementsFor(stream: RawStream, op: RawOp, now: string): [Statement, unknown[]][] {
  const { sale } = op;
  const summary = JSON.stringify({ customerId: stream.customerId, maskedName: 'Anna P.', tierCode: 'base' });
  const result = JSON.stringify({ outcome: 'applied', entityId: sale.saleId });
  return [
    ['streamNext', [stream.deviceId, stream.installId]],
    ['priorOp', [op.opId]],
    ['storeCurrency', [stream.storeId]],
    ['saleTaken', [sale.saleId, stream.deviceId, sale.receiptNo]],
    ['cardHolder', [sale.cardNumber]],
    [
      'insertSale',
      [
        sale.saleId,
        op.opId,
        stream.storeId,
        stream.deviceId,
        sale.receiptNo,
        sale.cardNumber,
        stream.customerId,
        sale.currency,
        sale.totalMinor,
        sale.wallTime,
        now,
        0,
        0,
        null,
        null,
      ],
    ],
    [
      'insertLines',
      sale.lines.flatMap((l) => [
        sale.saleId,
        l.lineNo,
        l.productId,
        l.gtin,
        l.name,
        l.quantityMilli,
        l.unitPriceMinor,
        l.totalMinor,
        null,
      ]),
    ],
    ['insertPayment', [sale.saleId, 0, 'cash', sale.totalMinor, sale.totalMinor, 0, null]],
    ['latestConfig', [1]],
    ['openAccount', [stream.customerId, 0, 0, now]],
    ['moveBalance', [0, sale.totalMinor, now, stream.customerId]],
    ['summary', [stream.customerId]],
    ['insertChange', ['customer_summary', stream.customerId, null, summary, now]],
    [
      'insertApplied',
      [
        op.opId,
        stream.deviceId,
        stream.installId,
        op.seq,
        'sale.record',
        1,
        op.hash,
        'applied',
        result,
        sale.wallTime,
        now,
      ],
    ],
    ['advanceStream', [op.seq + 1, stream.deviceId, stream.installId, op.seq]],
  ];
}
