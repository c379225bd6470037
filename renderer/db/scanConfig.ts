import { liveQuery } from 'dexie';
import { defaultScanConfig, parseScanConfig, type ScanConfig } from '../../shared/barcode';
import { scanConfigRowSchema } from '../../shared/sync/protocol';
import { parseUnknown } from '../../shared/validation';
import type { TillDb } from './database';
import { getMeta, setMeta } from './meta';

/**
 * The chain's card schemes and scale-label rules as HQ last sent them (pull topic `scan_config`,
 * docs/scanners.md). Kept in the `meta` table: one row replaced whole, so no schema version is
 * needed. Until the first pull the till reads with the grammar's defaults.
 */

/**
 * Stores a pulled `scan_config` row inside the pull page's transaction; returns why it was not
 * stored, or null. A row older than the one held is ignored: a replay from an earlier cursor must
 * not roll the till back.
 */
export async function storePulledScanConfig(db: TillDb, data: unknown): Promise<string | null> {
  const row = parseUnknown(scanConfigRowSchema, data);
  if (!row.ok) return row.error;
  const config = parseScanConfig(row.value.config);
  if (!config.ok) return config.error;
  const held = await getMeta(db, 'scanConfig');
  if (held !== undefined && held.version > row.value.version) return null;
  await setMeta(db, 'scanConfig', { version: row.value.version, config: config.value });
  return null;
}

/** The configuration scans are read with now. */
export async function activeScanConfig(db: TillDb): Promise<ScanConfig> {
  return (await getMeta(db, 'scanConfig'))?.config ?? defaultScanConfig;
}

/**
 * Calls `onChange` with the configuration now and after every change (a pull in this window or
 * another); returns the unsubscribe. The scan stream reads its config synchronously, so it keeps
 * the last value this delivers.
 */
export function watchScanConfig(db: TillDb, onChange: (config: ScanConfig) => void): () => void {
  const subscription = liveQuery(() => activeScanConfig(db)).subscribe({
    next: onChange,
    // A damaged row: keep reading with what the till had; the sync status shows the database error.
    error: () => undefined,
  });
  return () => subscription.unsubscribe();
}
