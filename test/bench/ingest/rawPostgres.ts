import pg from 'pg';
import { perOpStatements, pgText, statementsFor, type RawOp, type RawStream } from './rawStatements';

export type RawPgMode = 'tx per op' | 'one CTE per batch';

/**
 * The ceiling on PostgreSQL: one connection per till, all tills at once. Either the product's
 * statements for each sale in a transaction of its own, or each batch as one data-modifying CTE
 * over arrays (the same rows: sales, lines, payments, applied_ops, the account, one customer
 * summary per sale, the stream).
 */
export async function runRawPostgres(
  url: string,
  schema: string,
  work: { stream: RawStream; ops: RawOp[] }[],
  batch: number,
  mode: RawPgMode,
) {
  await Promise.all(
    work.map(async ({ stream, ops }) => {
      const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
      await client.connect();
      try {
        for (let from = 0; from < ops.length; from += batch) {
          const slice = ops.slice(from, from + batch);
          const now = new Date().toISOString();
          if (mode === 'tx per op') {
            for (const op of slice) {
              await client.query('begin');
              for (const [name, params] of statementsFor(stream, op, now))
                await client.query(pgText(perOpStatements[name]), params);
              await client.query('commit');
            }
          } else {
            await client.query(CTE, cteParams(stream, slice, now));
          }
        }
      } finally {
        await client.end();
      }
    }),
  );
}

const CTE = `
with ops as (
  select * from unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::text[])
    as o(op_id, seq, hash, sale_id, receipt_no, total_minor, wall_time, result)
), lines as (
  select * from unnest($9::text[], $10::int[], $11::text[], $12::text[], $13::text[], $14::bigint[], $15::bigint[], $16::bigint[])
    as l(sale_id, line_no, product_id, gtin, name, quantity_milli, unit_price_minor, total_minor)
), s as (
  insert into sales (id, op_id, store_id, device_id, receipt_no, card_number, customer_id, currency, total_minor,
                     wall_time, received_at, clock_suspect, loyalty_discount_minor)
  select sale_id, op_id, $17, $18, receipt_no, $19, $20, 'RUB', total_minor, wall_time, $21, 0, 0 from ops
), sl as (
  insert into sale_lines (sale_id, line_no, product_id, gtin, name, quantity_milli, unit_price_minor, total_minor)
  select * from lines
), sp as (
  insert into sale_payments (sale_id, idx, method, amount_minor, tendered_minor, change_minor)
  select sale_id, 0, 'cash', total_minor, total_minor, 0 from ops
), a as (
  insert into applied_ops (op_id, device_id, install_id, seq, kind, schema_version, payload_hash, status, result,
                           wall_time, received_at)
  select op_id, $18, $22, seq, 'sale.record', 1, hash, 'applied', result, wall_time, $21 from ops
), acc as (
  update loyalty_accounts set lifetime_spend_minor = lifetime_spend_minor + (select sum(total_minor) from ops),
    updated_at = $21 where customer_id = $20 returning points_balance
), cl as (
  insert into change_log (topic, entity_id, store_id, data, created_at)
  select 'customer_summary', $20, null,
    json_build_object('customerId', $20::text, 'maskedName', 'Anna P.', 'tierCode', 'base')::text, $21 from ops
), st as (
  update device_streams set next_seq = $23 where device_id = $18 and install_id = $22 and next_seq = $24
  returning next_seq
)
select (select count(*) from st) as moved, (select count(*) from acc) as accounts`;

function cteParams(stream: RawStream, ops: RawOp[], now: string): unknown[] {
  const lines = ops.flatMap((op) => op.sale.lines.map((l) => ({ saleId: op.sale.saleId, ...l })));
  return [
    ops.map((o) => o.opId),
    ops.map((o) => o.seq),
    ops.map((o) => o.hash),
    ops.map((o) => o.sale.saleId),
    ops.map((o) => o.sale.receiptNo),
    ops.map((o) => o.sale.totalMinor),
    ops.map((o) => o.sale.wallTime),
    ops.map((o) => JSON.stringify({ outcome: 'applied', entityId: o.sale.saleId })),
    lines.map((l) => l.saleId),
    lines.map((l) => l.lineNo),
    lines.map((l) => l.productId),
    lines.map((l) => l.gtin),
    lines.map((l) => l.name),
    lines.map((l) => l.quantityMilli),
    lines.map((l) => l.unitPriceMinor),
    lines.map((l) => l.totalMinor),
    stream.storeId,
    stream.deviceId,
    ops[0]!.sale.cardNumber,
    stream.customerId,
    now,
    stream.installId,
    ops[ops.length - 1]!.seq + 1,
    ops[0]!.seq,
  ];
}
