import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import type { Dialect } from '../schema';

/** Stores, HQ users, devices, the sync ledger, catalog, customers, sales and the change log. */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('stores')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('hq_users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('hq_sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('hq_users.id'))
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('enrolment_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('device_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('devices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('enrolled_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text')
    .addColumn('last_push_at', 'text')
    .addColumn('last_pull_at', 'text')
    .addColumn('clock_skew_ms', 'bigint')
    .addColumn('revoked_at', 'text')
    .execute();

  await db.schema
    .createTable('device_streams')
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
    .addColumn('install_id', 'text', (c) => c.notNull())
    .addColumn('next_seq', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('device_streams_pk', ['device_id', 'install_id'])
    .execute();

  await db.schema
    .createTable('applied_ops')
    .addColumn('op_id', 'text', (c) => c.primaryKey())
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
    .addColumn('install_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('schema_version', 'integer', (c) => c.notNull())
    .addColumn('payload_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('wall_time', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('applied_ops_stream_seq', ['device_id', 'install_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('applied_ops_device_status')
    .on('applied_ops')
    .columns(['device_id', 'status'])
    .execute();

  await db.schema
    .createTable('quarantined_ops')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('op_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('install_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('payload_hash', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('products')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('gtin', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('price_minor', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('customers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('customers_phone').on('customers').column('phone').execute();
  await db.schema.createIndex('customers_email').on('customers').column('email').execute();

  await db.schema
    .createTable('cards')
    .addColumn('number', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cards_customer').on('cards').column('customer_id').execute();

  await db.schema
    .createTable('sales')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // Which operation recorded the sale; applied_ops.op_id is the unique arbiter, so no index here.
    .addColumn('op_id', 'text', (c) => c.notNull())
    .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
    .addColumn('receipt_no', 'text', (c) => c.notNull())
    .addColumn('card_number', 'text')
    .addColumn('customer_id', 'text')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('total_minor', 'bigint', (c) => c.notNull())
    .addColumn('wall_time', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('clock_suspect', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('sales_device_receipt', ['device_id', 'receipt_no'])
    .execute();
  await db.schema.createIndex('sales_card').on('sales').columns(['card_number', 'received_at']).execute();
  await db.schema.createIndex('sales_customer').on('sales').columns(['customer_id', 'received_at']).execute();

  await db.schema
    .createTable('sale_lines')
    .addColumn('sale_id', 'text', (c) => c.notNull().references('sales.id'))
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('product_id', 'text', (c) => c.notNull())
    .addColumn('gtin', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('quantity_milli', 'bigint', (c) => c.notNull())
    .addColumn('unit_price_minor', 'bigint', (c) => c.notNull())
    .addColumn('total_minor', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('sale_lines_pk', ['sale_id', 'line_no'])
    .$call(withoutRowid(dialect))
    .execute();

  await db.schema
    .createTable('sale_payments')
    .addColumn('sale_id', 'text', (c) => c.notNull().references('sales.id'))
    .addColumn('idx', 'integer', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('tendered_minor', 'bigint', (c) => c.notNull())
    .addColumn('change_minor', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('sale_payments_pk', ['sale_id', 'idx'])
    .$call(withoutRowid(dialect))
    .execute();

  // The pull cursor walks this log. On PostgreSQL each row also records its writing transaction,
  // so a pull can hold back rows of transactions still in flight (see sync/pull.ts).
  if (dialect === 'sqlite') {
    await db.schema
      .createTable('change_log')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('tx', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('topic', 'text', (c) => c.notNull())
      .addColumn('entity_id', 'text', (c) => c.notNull())
      .addColumn('store_id', 'text')
      .addColumn('data', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
  } else {
    await db.schema
      .createTable('change_log')
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      .addColumn('tx', 'bigint', (c) => c.notNull().defaultTo(sql`(pg_current_xact_id()::text)::bigint`))
      .addColumn('topic', 'text', (c) => c.notNull())
      .addColumn('entity_id', 'text', (c) => c.notNull())
      .addColumn('store_id', 'text')
      .addColumn('data', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('change_log_tx_id').on('change_log').columns(['tx', 'id']).execute();
  }
}

/**
 * On SQLite, tables keyed by (sale, line) are stored in their primary-key B-tree alone instead of
 * a rowid table plus a key index: one B-tree less to write per sale on the push path.
 */
function withoutRowid(dialect: Dialect) {
  return <T extends string, C extends string>(table: CreateTableBuilder<T, C>) =>
    dialect === 'sqlite' ? table.modifyEnd(sql`without rowid`) : table;
}
