import { defaultScanConfig, parseScanConfig, type ScanConfig } from '../../shared/barcode';
import { scanConfigRowSchema } from '../../shared/sync/protocol';
import { parseUnknown, type Parsed } from '../../shared/validation';
import type { TillDb } from './database';
import { getMeta } from './meta';

/**
 * The chain's card schemes and scale-label rules as HQ last sent them (pull topic `scan_config`,
 * docs/scanners.md). Kept in the `meta` table: one row replaced whole, so no schema version is
 * needed. Until the first pull the till reads with the grammar's defaults.
 */

export type PulledScanConfig = { version: number; config: ScanConfig };

/**
 * Checks a pulled `scan_config` row: the versioned configuration, or why it cannot be stored.
 * Synchronous on purpose: the caller writes it inside the pull page's transaction with no extra
 * async layer between it and IndexedDB (docs/scanners.md §9).
 */
export function readPulledScanConfig(data: unknown): Parsed<PulledScanConfig> {
  const row = parseUnknown(scanConfigRowSchema, data);
  if (!row.ok) return row;
  const config = parseScanConfig(row.value.config);
  if (!config.ok) return config;
  return { ok: true, value: { version: row.value.version, config: config.value } };
}

/** A replay from an earlier cursor must not roll the till back to an older configuration. */
export const replacesHeld = (pulled: PulledScanConfig, held: PulledScanConfig | undefined): boolean =>
  held === undefined || pulled.version >= held.version;

/** The configuration scans are read with now. */
export async function activeScanConfig(db: TillDb): Promise<ScanConfig> {
  return (await getMeta(db, 'scanConfig'))?.config ?? defaultScanConfig;
}
