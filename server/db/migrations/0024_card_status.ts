import type { Kysely } from 'kysely';

/**
 * HQ blocks a lost card, replaces it, or unblocks one found again (server/hq/cardStatus.ts). The
 * card's row keeps only its status now; each change is also kept here, append-only: who changed
 * it, when, why, and the card that replaced it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('card_status_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('card_number', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('replaced_by', 'text')
    .addColumn('changed_by', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('card_status_changes_card')
    .on('card_status_changes')
    .columns(['card_number', 'id'])
    .execute();
}
