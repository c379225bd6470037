import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { partCountsRows, SNAPSHOT_PART_ROWS, type SnapshotManifest } from '../../shared/sync/snapshot';
import type { Db } from '../db/connect';
import { readSnapshotContent } from './snapshotBuild';

const gzipAsync = promisify(gzip);

/** A built snapshot: never changed once built, so its parts are cached by anyone for as long. */
export type Snapshot = {
  storeId: string;
  manifest: SnapshotManifest;
  /** Each part's body, gzip-compressed once when the snapshot is built. */
  gzipped: Buffer[];
  builtAt: number;
};

/**
 * How long a built snapshot is handed to the next new till of the same store. Reading a million
 * rows costs seconds; a chain opening several stores at once builds one per store, and a till
 * given an older snapshot just pulls a longer tail of the change log after it.
 */
export const SNAPSHOT_REUSE_MS = 10 * 60_000;
/** Snapshots kept in memory, for the server's background builds to stay within them. */
export const SNAPSHOTS_KEPT = 8;

type Store = { byId: Map<string, Snapshot>; building: Map<string, Promise<Snapshot>>; builds: number };
const stores = new WeakMap<Db, Store>();

function storeOf(db: Db): Store {
  let store = stores.get(db);
  if (!store) {
    store = { byId: new Map(), building: new Map(), builds: 0 };
    stores.set(db, store);
  }
  return store;
}

/**
 * A recent snapshot of the store, or a new one; tills asking at once share one build. The oldest
 * kept goes first when more are built, and a till still fetching it starts again. `now` later
 * than the clock asks for one still recent then (the background refresh builds ahead of expiry).
 */
export async function snapshotFor(db: Db, storeId: string, now = Date.now()): Promise<Snapshot> {
  const store = storeOf(db);
  const recent = [...store.byId.values()]
    .filter((s) => s.storeId === storeId && now - s.builtAt < SNAPSHOT_REUSE_MS)
    .at(-1);
  if (recent && !(await outgrown(db, recent))) return recent;
  let building = store.building.get(storeId);
  if (!building) {
    store.builds++;
    building = build(db, storeId).finally(() => store.building.delete(storeId));
    store.building.set(storeId, building);
  }
  const snapshot = await building;
  store.byId.set(snapshot.manifest.snapshotId, snapshot);
  while (store.byId.size > SNAPSHOTS_KEPT) store.byId.delete(store.byId.keys().next().value!);
  return snapshot;
}

/**
 * Whether a part's worth of changes or more was logged after the snapshot's cursor, as when a card
 * load lands after a build ahead: a new till would pull more after it than a new build costs.
 */
async function outgrown(db: Db, snapshot: Snapshot): Promise<boolean> {
  const afterId = snapshot.manifest.cursor === null ? 0 : Number(snapshot.manifest.cursor.split('.')[1]);
  const newer = await db.kysely
    .selectFrom('change_log')
    .select('id')
    .where('id', '>', afterId)
    .orderBy('id')
    .offset(SNAPSHOT_PART_ROWS - 1)
    .limit(1)
    .executeTakeFirst();
  return newer !== undefined;
}

/** Snapshots this server has built (or begun building) for the database, for its tests and logs. */
export const snapshotBuilds = (db: Db): number => storeOf(db).builds;

/** A snapshot built earlier by this server, or undefined once it was dropped (or never was). */
export function snapshotById(db: Db, snapshotId: string): Snapshot | undefined {
  return storeOf(db).byId.get(snapshotId);
}

async function build(db: Db, storeId: string): Promise<Snapshot> {
  const content = await readSnapshotContent(db, storeId);
  const gzipped: Buffer[] = [];
  for (const part of content.parts) {
    const body = part.lines.length === 0 ? '' : `${part.lines.join('\n')}\n`;
    // Level 4: within a few percent of the default's size at about twice its speed.
    gzipped.push(await gzipAsync(body, { level: 4 }));
  }
  const rows = content.parts
    .filter((p) => partCountsRows(p.kind))
    .reduce((sum, p) => sum + p.lines.length, 0);
  return {
    storeId,
    manifest: {
      snapshotId: uuidv7(),
      cursor: content.cursor,
      rows,
      parts: content.parts.map((p, index) => ({ index, kind: p.kind, rows: p.lines.length })),
    },
    gzipped,
    builtAt: Date.now(),
  };
}
