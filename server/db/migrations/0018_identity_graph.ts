import { sql, type Kysely, type QueryResult, type RawBuilder } from 'kysely';
import { isJunkValue } from '../../../shared/identity/junk';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { nameKey } from '../../../shared/identity/nameKey';
import type { Dialect } from '../schema';

/**
 * The identity graph (docs/identity.md).
 *
 * - `customers` become the profiles: `merged_into` points a merged profile at the survivor (always
 *   the final one), `erased_at` marks a profile whose personal values were erased, `name_key` is the
 *   display name folded for the paged name search (index `(name_key, id)`).
 * - `identity_identifiers`: one row per normalized value per type, owned by the profile it first
 *   joined (its home, which never changes, so history re-derives after an unmerge).
 * - `identity_links`: append-only, each identifier an observation carried, with its evidence,
 *   server time and source; unique per (identifier, evidence, source) so a replay adds nothing.
 * - `identity_merges`: which profile was merged into which and why; `undone_at` when HQ split it.
 * - `identity_audit`: append-only log of creations, merges, refusals, splits, erasures.
 * - `identity_reviews`: merges refused by a guardrail, for HQ to merge or keep apart.
 * - `identity_apart`: profile pairs HQ decided are different people.
 * - `identity_suppressions`: keyed hashes of erased values, so replays cannot bring them back.
 *
 * Existing customers, their phones, emails and cards are backfilled: a card as verified (the
 * holder had it in hand), a typed phone or email as unverified; a value two customers share goes
 * to the older one, the other is listed for review.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema.alterTable('customers').addColumn('merged_into', 'text').execute();
  await db.schema.alterTable('customers').addColumn('erased_at', 'text').execute();
  await db.schema
    .alterTable('customers')
    .addColumn('name_key', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  // Merged profiles only: the few a cluster lookup needs, and no rival for the name search below.
  await sql`create index customers_merged_into on customers (merged_into) where merged_into is not null`.execute(
    db,
  );
  // Only the profiles a search shows (neither merged nor erased), so the planner has one index that
  // answers the whole query; byte order on PostgreSQL whatever the database's collation, so a name
  // prefix is one index range.
  const nameColumn = dialect === 'postgres' ? sql`name_key collate "C"` : sql`name_key`;
  await sql`create index customers_name_key on customers (${nameColumn}, id)
    where merged_into is null and erased_at is null`.execute(db);

  await db.schema
    .createTable('identity_identifiers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('verified', 'integer', (c) => c.notNull())
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('identity_identifiers_value', ['type', 'value'])
    .execute();
  await db.schema
    .createIndex('identity_identifiers_customer')
    .on('identity_identifiers')
    .columns(['customer_id', 'type'])
    .execute();

  await db.schema
    .createTable('identity_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('identifier_id', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('source_ref', 'text', (c) => c.notNull())
    .addColumn('verified', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('identity_links_source', ['identifier_id', 'evidence', 'source_ref'])
    .execute();
  await db.schema
    .createIndex('identity_links_source_ref')
    .on('identity_links')
    .column('source_ref')
    .execute();

  await db.schema
    .createTable('identity_merges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('survivor_id', 'text', (c) => c.notNull())
    .addColumn('merged_id', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('source_ref', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('undone_at', 'text')
    .addColumn('undone_by', 'text')
    .execute();
  await db.schema
    .createIndex('identity_merges_survivor')
    .on('identity_merges')
    .columns(['survivor_id', 'created_at'])
    .execute();
  await db.schema.createIndex('identity_merges_merged').on('identity_merges').column('merged_id').execute();

  await db.schema
    .createTable('identity_audit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text')
    .addColumn('other_customer_id', 'text')
    .addColumn('identifier_id', 'text')
    .addColumn('evidence', 'text')
    .addColumn('source_ref', 'text')
    .addColumn('reason', 'text')
    .addColumn('actor', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('identity_audit_customer')
    .on('identity_audit')
    .columns(['customer_id', 'id'])
    .execute();
  await db.schema
    .createIndex('identity_audit_other')
    .on('identity_audit')
    .columns(['other_customer_id', 'id'])
    .execute();

  await db.schema
    .createIndex('identity_audit_identifier')
    .on('identity_audit')
    .columns(['identifier_id', 'reason'])
    .execute();

  await db.schema
    .createTable('identity_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('other_customer_id', 'text', (c) => c.notNull())
    .addColumn('identifier_id', 'text')
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('source_ref', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addColumn('resolved_by', 'text')
    .execute();
  await db.schema
    .createIndex('identity_reviews_status')
    .on('identity_reviews')
    .columns(['status', 'id'])
    .execute();
  await db.schema
    .createIndex('identity_reviews_pair')
    .on('identity_reviews')
    .columns(['customer_id', 'other_customer_id', 'status'])
    .execute();

  await db.schema
    .createTable('identity_apart')
    .addColumn('customer_a', 'text', (c) => c.notNull())
    .addColumn('customer_b', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('identity_apart_pk', ['customer_a', 'customer_b'])
    .execute();

  await db.schema
    .createTable('identity_suppressions')
    .addColumn('key_hash', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await backfill(db);
}

type OldCustomer = {
  id: string;
  display_name: string;
  phone: string | null;
  email: string | null;
  created_at: string;
};

const BATCH = 1000;

/** Walks customers oldest first, so a value two of them share stays with the older one. */
async function backfill(db: Kysely<unknown>): Promise<void> {
  const at = new Date().toISOString();
  let after: { created_at: string; id: string } | null = null;
  for (;;) {
    const where: RawBuilder<unknown> = after
      ? sql`where created_at > ${after.created_at} or (created_at = ${after.created_at} and id > ${after.id})`
      : sql``;
    const page: QueryResult<OldCustomer> = await sql<OldCustomer>`
      select id, display_name, phone, email, created_at from customers ${where}
      order by created_at, id limit ${BATCH}`.execute(db);
    if (page.rows.length === 0) break;
    for (const customer of page.rows) {
      await sql`update customers set name_key = ${nameKey(customer.display_name)} where id = ${customer.id}`.execute(
        db,
      );
      const cards = await sql<{ number: string; issued_at: string }>`
        select number, issued_at from cards where customer_id = ${customer.id} order by number`.execute(db);
      const values: { type: string; value: string; verified: number; seen: string }[] = [
        ...cards.rows.map((c) => ({ type: 'card', value: c.number, verified: 1, seen: c.issued_at })),
        ...(customer.phone
          ? [{ type: 'phone', value: customer.phone, verified: 0, seen: customer.created_at }]
          : []),
        ...(customer.email
          ? [{ type: 'email', value: customer.email, verified: 0, seen: customer.created_at }]
          : []),
      ];
      for (const v of values) {
        if (isJunkValue(v.type as 'card', v.value)) continue;
        const owner = await sql<{ id: string; customer_id: string }>`
          select id, customer_id from identity_identifiers where type = ${v.type} and value = ${v.value}`.execute(
          db,
        );
        const held = owner.rows[0];
        if (held) {
          await sql`insert into identity_reviews
            (id, reason, customer_id, other_customer_id, identifier_id, evidence, source_ref, status, created_at)
            values (${uuidv7()}, 'shared_value', ${held.customer_id}, ${customer.id}, ${held.id}, 'card_issue',
              ${`customer:${customer.id}`}, 'open', ${at})`.execute(db);
          continue;
        }
        const identifierId = uuidv7();
        await sql`insert into identity_identifiers
          (id, type, value, customer_id, verified, first_seen_at, last_seen_at)
          values (${identifierId}, ${v.type}, ${v.value}, ${customer.id}, ${v.verified}, ${v.seen}, ${v.seen})`.execute(
          db,
        );
        await sql`insert into identity_links (id, identifier_id, evidence, source_ref, verified, created_at)
          values (${uuidv7()}, ${identifierId}, 'card_issue', ${`customer:${customer.id}`}, ${v.verified}, ${at})`.execute(
          db,
        );
      }
    }
    const last: OldCustomer | undefined = page.rows[page.rows.length - 1];
    after = last ? { created_at: last.created_at, id: last.id } : null;
  }
}
