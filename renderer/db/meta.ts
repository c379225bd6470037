import { z } from 'zod';
import { loyaltyConfigSchema } from '../../shared/loyalty';
import { scanConfigSchema } from '../../shared/barcode';
import { storeRowSchema } from '../../shared/sync/protocol';
import { snapshotManifestSchema } from '../../shared/sync/snapshot';
import { parseUnknown } from '../../shared/validation';
import type { MetaKey, MetaRecord, TillDb } from './database';

type MetaValues = { [R in MetaRecord as R['key']]: R['value'] };
export type MetaValue<K extends MetaKey> = MetaValues[K];

/**
 * What each meta row must hold. IndexedDB keeps whatever an older app version (or a person with
 * the browser's developer tools) wrote, so a row is checked when read, like any stored JSON.
 */
const metaSchemas: { [K in MetaKey]: z.ZodType<MetaValue<K>> } = {
  device: z.object({
    deviceId: z.string(),
    name: z.string(),
    token: z.string(),
    serverUrl: z.string(),
    store: storeRowSchema,
    enrolledAt: z.string(),
  }),
  install: z.object({ installId: z.string(), createdAt: z.string() }),
  counters: z.object({
    nextSeq: z.number().int().positive(),
    nextReceipt: z.number().int().positive(),
  }),
  pullCursor: z.string().nullable(),
  lastSync: z.object({ pushAt: z.string().nullable(), pullAt: z.string().nullable() }),
  loyaltyConfig: loyaltyConfigSchema,
  scanConfig: z.object({ version: z.number().int().positive(), config: scanConfigSchema }),
  snapshotCards: z.number().int().nonnegative(),
  snapshotProducts: z.number().int().nonnegative(),
  bootstrap: z.object({
    manifest: snapshotManifestSchema,
    partsDone: z.number().int().nonnegative(),
    rowsDone: z.number().int().nonnegative(),
  }),
};

/**
 * Reads one typed meta value; inside a Dexie transaction it reads through that transaction.
 * A row that does not fit its schema is a damaged database, not a missing value: it throws.
 */
export async function getMeta<K extends MetaKey>(db: TillDb, key: K): Promise<MetaValue<K> | undefined> {
  const row = await db.meta.get(key);
  if (row === undefined) return undefined;
  const parsed = parseUnknown(metaSchemas[key], row.value);
  if (!parsed.ok) throw new Error(`local database: meta ${key} is damaged:\n${parsed.error}`);
  return parsed.value;
}

export async function requireMeta<K extends MetaKey>(db: TillDb, key: K): Promise<MetaValue<K>> {
  const value = await getMeta(db, key);
  if (value === undefined) throw new Error(`local database is missing ${key}`);
  return value;
}

export async function setMeta<K extends MetaKey>(db: TillDb, key: K, value: MetaValue<K>): Promise<void> {
  await db.meta.put({ key, value });
}
