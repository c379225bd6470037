import type { Kysely } from 'kysely';
import { defaultScanConfig, scanConfigSchema, type ScanConfig } from '../../shared/barcode';
import { parseJsonText } from '../../shared/validation';
import type { Database } from '../db/schema';
import { isUniqueViolation } from '../db/errors';
import { appendChanges } from '../sync/changeLog';

/** The one `scan_config` row the tills keep: the configuration in force, replaced whole. */
export const SCAN_CONFIG_ROW_ID = 'current';

/** What HQ shows and what tills pull. Version 0: never saved, tills use the grammar's defaults. */
export type VersionedScanConfig = {
  version: number;
  config: ScanConfig;
  createdAt: string | null;
  createdBy: string | null;
};

export type SaveScanConfigResult =
  | { ok: true; version: number }
  /** Someone saved since the editor loaded `baseVersion`: their change would be overwritten. */
  | { ok: false; reason: 'version_conflict'; currentVersion: number };

/** The configuration in force, or the defaults under version 0 before HQ ever saved one. */
export async function currentScanConfig(db: Kysely<Database>): Promise<VersionedScanConfig> {
  const row = await db
    .selectFrom('scan_configs')
    .select(['version', 'config', 'created_at', 'created_by'])
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return { version: 0, config: defaultScanConfig, createdAt: null, createdBy: null };
  return {
    version: Number(row.version),
    config: readConfig(row.config),
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

/**
 * Puts a checked configuration in force as the version after `baseVersion`, and sends it to every
 * till in the same transaction. The version is the primary key, so of two admins saving on top of
 * the same version, one wins and the other is told to reload, on any number of server processes.
 */
export async function saveScanConfig(
  db: Kysely<Database>,
  config: ScanConfig,
  baseVersion: number,
  userId: string | null,
  now: string,
): Promise<SaveScanConfigResult> {
  try {
    return await db.transaction().execute((trx) => publishScanConfig(trx, config, baseVersion, userId, now));
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const current = await currentScanConfig(db);
    return { ok: false, reason: 'version_conflict', currentVersion: current.version };
  }
}

/** `saveScanConfig` inside a transaction the caller holds (the demo seed writes it with the chain). */
export async function publishScanConfig(
  trx: Kysely<Database>,
  config: ScanConfig,
  baseVersion: number,
  userId: string | null,
  now: string,
): Promise<SaveScanConfigResult> {
  const current = await currentScanConfig(trx);
  if (current.version !== baseVersion) {
    return { ok: false, reason: 'version_conflict', currentVersion: current.version };
  }
  const version = baseVersion + 1;
  await trx
    .insertInto('scan_configs')
    .values({ version, config: JSON.stringify(config), created_by: userId, created_at: now })
    .execute();
  await appendChanges(
    trx,
    [{ topic: 'scan_config', entityId: SCAN_CONFIG_ROW_ID, storeId: null, data: { version, config } }],
    now,
  );
  return { ok: true, version };
}

function readConfig(text: string): ScanConfig {
  const parsed = parseJsonText(scanConfigSchema, text);
  // Only this module writes the column, after validating: unreadable is a bug, not input.
  if (!parsed.ok) throw new Error(`stored scan config is unreadable: ${parsed.error}`);
  return parsed.value;
}
