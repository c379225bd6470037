import type { Kysely } from 'kysely';

/**
 * Loyalty: the chain's rules by version, the append-only points ledger, and each customer's
 * account (docs/sync-protocol.md §7.4).
 *
 * - `loyalty_configs`: every version of the rules a till may have priced a sale with, kept so the
 *   server can price that sale again with the same version.
 * - `loyalty_ledger`: entries are only ever added. `(source_id, kind)` is unique, so the same sale
 *   pushed twice cannot earn or burn twice; `reverses_entry_id` is unique, so an entry is reversed
 *   at most once. `overdraft` and `mismatch` mark entries for HQ's review; they are never refused.
 * - `loyalty_accounts`: the balance cached beside the ledger, written in the same transaction as
 *   every entry, and the lifetime spend that decides the tier.
 * - `sales.loyalty_discount_minor`: the tier discount a sale was given (0 before this migration).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('loyalty_configs')
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('loyalty_ledger')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text')
    .addColumn('card_number', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('points', 'bigint', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('sale_id', 'text')
    .addColumn('op_id', 'text')
    .addColumn('reverses_entry_id', 'text', (c) => c.unique())
    .addColumn('overdraft', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('mismatch', 'text')
    .addColumn('note', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('loyalty_ledger_source_kind', ['source_id', 'kind'])
    .execute();
  await db.schema
    .createIndex('loyalty_ledger_customer')
    .on('loyalty_ledger')
    .columns(['customer_id', 'created_at'])
    .execute();
  await db.schema
    .createTable('loyalty_accounts')
    .addColumn('customer_id', 'text', (c) => c.primaryKey())
    .addColumn('points_balance', 'bigint', (c) => c.notNull())
    .addColumn('lifetime_spend_minor', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .alterTable('sales')
    .addColumn('loyalty_discount_minor', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
}
