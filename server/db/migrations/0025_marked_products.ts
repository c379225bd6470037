import type { Kysely } from 'kysely';

/**
 * A product under mandatory marking (Russia's Chestny ZNAK: shoes, dairy, water, tobacco, …) is
 * sold only by the marking code on each unit, never by its plain barcode (docs/scanners.md §6.5).
 * The catalog says which products are (`marked = 1`); the tills refuse their plain barcode.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('products')
    .addColumn('marked', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
