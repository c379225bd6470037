import type { Kysely } from 'kysely';
import { loyaltyConfigSchema, type LoyaltyConfig } from '../../shared/loyalty';
import { parseJsonText } from '../../shared/validation';
import type { Database } from '../db/schema';
import { appendChanges } from '../sync/changeLog';

/** The one `loyalty_config` row the tills keep: the rules in force, replaced whole. */
export const LOYALTY_CONFIG_ROW_ID = 'current';

export type PublishResult = { ok: true } | { ok: false; reason: 'version_not_newer' };

/**
 * Puts new rules in force: stored under their version beside the older ones (sales priced with
 * those are still checked with them) and sent to every till in the same transaction.
 */
export async function publishLoyaltyConfig(
  trx: Kysely<Database>,
  config: LoyaltyConfig,
  now: string,
): Promise<PublishResult> {
  const latest = await latestLoyaltyConfig(trx);
  if (latest && config.version <= latest.version) return { ok: false, reason: 'version_not_newer' };
  await trx
    .insertInto('loyalty_configs')
    .values({ version: config.version, config: JSON.stringify(config), created_at: now })
    .execute();
  await appendChanges(
    trx,
    [{ topic: 'loyalty_config', entityId: LOYALTY_CONFIG_ROW_ID, storeId: null, data: config }],
    now,
  );
  return { ok: true };
}

export async function loyaltyConfigAt(trx: Kysely<Database>, version: number): Promise<LoyaltyConfig | null> {
  const row = await trx
    .selectFrom('loyalty_configs')
    .select('config')
    .where('version', '=', version)
    .executeTakeFirst();
  return row ? readConfig(row.config) : null;
}

export async function latestLoyaltyConfig(trx: Kysely<Database>): Promise<LoyaltyConfig | null> {
  const row = await trx
    .selectFrom('loyalty_configs')
    .select('config')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? readConfig(row.config) : null;
}

/** Stored rules (JSON text) as rules. */
export function readConfig(text: string): LoyaltyConfig {
  const parsed = parseJsonText(loyaltyConfigSchema, text);
  // Only this module writes the column, after validating: unreadable is a bug, not input.
  if (!parsed.ok) throw new Error(`stored loyalty config is unreadable: ${parsed.error}`);
  return parsed.value;
}
