import type { Kysely } from 'kysely';

/** The marking code of a marked unit, kept byte-exact per sale line (null for unmarked goods). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sale_lines').addColumn('marking_code', 'text').execute();
}
