import type { MetaKey, MetaRecord, TillDb } from './database';

export type MetaValue<K extends MetaKey> = Extract<MetaRecord, { key: K }>['value'];

/** Reads one typed meta value; inside a Dexie transaction it reads through that transaction. */
export async function getMeta<K extends MetaKey>(db: TillDb, key: K): Promise<MetaValue<K> | undefined> {
  const row = await db.meta.get(key);
  return row?.value as MetaValue<K> | undefined;
}

export async function requireMeta<K extends MetaKey>(db: TillDb, key: K): Promise<MetaValue<K>> {
  const value = await getMeta(db, key);
  if (value === undefined) throw new Error(`local database is missing ${key}`);
  return value;
}

export async function setMeta<K extends MetaKey>(db: TillDb, key: K, value: MetaValue<K>): Promise<void> {
  await db.meta.put({ key, value });
}
