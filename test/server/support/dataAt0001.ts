import { sql } from 'kysely';
import { hashSecret } from '../../../server/auth/secrets';
import type { Db } from '../../../server/db/connect';
import { uuidv7 } from '../../../shared/domain/uuidv7';

/**
 * A database in use at schema 0001, written with that schema's own columns (never through today's
 * code, which writes today's columns): a store, an enrolled till whose stream is at seq 2, and one
 * recorded sale with a line and a payment.
 */
export async function seedAt0001(db: Db) {
  const k = db.kysely;
  const now = new Date().toISOString();
  const storeId = uuidv7();
  const deviceId = uuidv7();
  const installId = uuidv7();
  const saleId = uuidv7();
  const opId = uuidv7();
  const token = `otd_${uuidv7()}`;
  await sql`insert into stores (id, code, name, currency, created_at) values (${storeId}, 'OLD-1', 'Old Store', 'RUB', ${now})`.execute(
    k,
  );
  await sql`insert into devices (id, store_id, name, token_hash, enrolled_at, last_seen_at, last_push_at, last_pull_at, clock_skew_ms, revoked_at)
    values (${deviceId}, ${storeId}, 'Old Till', ${hashSecret(token)}, ${now}, ${now}, ${now}, null, 0, null)`.execute(
    k,
  );
  await sql`insert into device_streams (device_id, install_id, next_seq, created_at) values (${deviceId}, ${installId}, 2, ${now})`.execute(
    k,
  );
  await sql`insert into applied_ops (op_id, device_id, install_id, seq, kind, schema_version, payload_hash, status, result, wall_time, received_at)
    values (${opId}, ${deviceId}, ${installId}, 1, 'sale.record', 1, ${'a'.repeat(64)}, 'applied', ${JSON.stringify({ outcome: 'applied', entityId: saleId })}, ${now}, ${now})`.execute(
    k,
  );
  await sql`insert into sales (id, op_id, store_id, device_id, receipt_no, card_number, customer_id, currency, total_minor, wall_time, received_at, clock_suspect)
    values (${saleId}, ${opId}, ${storeId}, ${deviceId}, 'OLD-000001', null, null, 'RUB', 8990, ${now}, ${now}, 0)`.execute(
    k,
  );
  await sql`insert into sale_lines (sale_id, line_no, product_id, gtin, name, quantity_milli, unit_price_minor, total_minor)
    values (${saleId}, 1, 'p1', '4601234567893', 'Milk 3.2% 1 l', 1000, 8990, 8990)`.execute(k);
  await sql`insert into sale_payments (sale_id, idx, method, amount_minor, tendered_minor, change_minor)
    values (${saleId}, 0, 'cash', 8990, 10000, 1010)`.execute(k);
  return { storeId, deviceId, installId, saleId, token };
}
