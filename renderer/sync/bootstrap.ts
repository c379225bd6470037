import { TRPCClientError } from '@trpc/client';
import {
  bodyLines,
  partCountsRows,
  snapshotManifestSchema,
  unknownPartKind,
  snapshotPartPath,
  type SnapshotManifest,
} from '../../shared/sync/snapshot';
import { parseUnknown } from '../../shared/validation';
import type { TillDb } from '../db/database';
import { getMeta } from '../db/meta';
import {
  abandonSnapshot,
  beginSnapshot,
  finishSnapshot,
  storeSnapshotPart,
  UnreadablePart,
} from '../db/snapshotStore';
import { timeStage, timeStageNow } from './bootstrapStages';
import type { ServerClient } from './serverClient';
import { SyncRefused } from './syncState';

/** Rows stored of a snapshot, and the time left at the pace of this run (null until known). */
export type BootstrapProgress = { rowsDone: number; rowsTotal: number; secondsLeft: number | null };

type Device = { serverUrl: string; token: string };

/** The server no longer holds the snapshot being stored (restarted, or it made room). */
class SnapshotGone extends Error {
  constructor() {
    super('the server no longer holds this snapshot');
  }
}

/**
 * A till that has never pulled starts from a snapshot instead of the change log from the start
 * (docs/sync-protocol.md §17), then pulls from the snapshot's cursor. Resumes a snapshot a reload
 * or a lost connection interrupted at the first part not stored. A server without snapshots is
 * pulled from the start as before.
 */
export async function bootstrapIfNew(
  db: TillDb,
  store: TillDb,
  client: ServerClient,
  device: Device,
  onProgress: (progress: BootstrapProgress | null) => void,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await bootstrap(db, store, client, device, onProgress);
      return;
    } catch (error) {
      // Once: a snapshot gone twice in a row is a server in trouble, left to the cycle's backoff.
      if (!(error instanceof SnapshotGone)) throw error;
      await abandonSnapshot(store);
      if (attempt > 0) throw error;
    } finally {
      onProgress(null);
    }
  }
}

async function bootstrap(
  db: TillDb,
  store: TillDb,
  client: ServerClient,
  device: Device,
  onProgress: (progress: BootstrapProgress | null) => void,
): Promise<void> {
  let state = await getMeta(db, 'bootstrap');
  if (state === undefined) {
    if ((await getMeta(db, 'pullCursor')) != null) return;
    const manifest = await fetchManifest(client);
    if (manifest === null) return;
    await beginSnapshot(store, manifest);
    state = { manifest, partsDone: 0, rowsDone: 0 };
  }
  const { manifest } = state;
  let rowsDone = state.rowsDone;
  const startedAt = performance.now();
  const rowsAtStart = rowsDone;
  const report = () => {
    const rate = (rowsDone - rowsAtStart) / ((performance.now() - startedAt) / 1000);
    const left = manifest.rows - rowsDone;
    onProgress({
      rowsDone,
      rowsTotal: manifest.rows,
      secondsLeft: rate > 0 ? Math.ceil(left / rate) : null,
    });
  };
  timeStageNow('progress updates', report);
  // The next part is on its way while this one is stored: the network and the disk both work.
  let next = state.partsDone < manifest.parts.length ? fetchPart(device, manifest, state.partsDone) : null;
  for (let index = state.partsDone; index < manifest.parts.length; index++) {
    const lines = await timeStage('waiting for a part', () => next!);
    next = index + 1 < manifest.parts.length ? fetchPart(device, manifest, index + 1) : null;
    // A fetch that fails while this part is stored is awaited (and thrown) at the next turn.
    next?.catch(() => undefined);
    try {
      await timeStage(`storing ${manifest.parts[index]!.kind} parts`, () =>
        storeSnapshotPart(store, manifest, index, lines, rowsDone),
      );
    } catch (error) {
      if (error instanceof UnreadablePart)
        throw new SyncRefused({ kind: 'unreadable', detail: `snapshot ${error.message}` });
      throw error;
    }
    if (partCountsRows(manifest.parts[index]!.kind)) rowsDone += lines.length;
    timeStageNow('progress updates', report);
  }
  await finishSnapshot(store, manifest);
}

/** The manifest of a snapshot to start from, or null from a server that has none. */
async function fetchManifest(client: ServerClient): Promise<SnapshotManifest | null> {
  let raw: unknown;
  try {
    raw = await client.sync.snapshot.query();
  } catch (error) {
    const code =
      error instanceof TRPCClientError ? (error.data as { code?: unknown } | undefined)?.code : null;
    if (code === 'NOT_FOUND') return null;
    throw error;
  }
  // A newer server's part kinds would be misread, or refused part by part after a long wait.
  const unknown = unknownPartKind(raw);
  if (unknown !== null)
    throw new SyncRefused({
      kind: 'unreadable',
      detail: `snapshot part kind "${unknown}" is newer than this till: update the till to start it`,
    });
  const manifest = parseUnknown(snapshotManifestSchema, raw);
  if (!manifest.ok) throw new SyncRefused({ kind: 'unreadable', detail: manifest.error });
  return manifest.value;
}

async function fetchPart(device: Device, manifest: SnapshotManifest, index: number): Promise<string[]> {
  const url = `${device.serverUrl.replace(/\/+$/, '')}${snapshotPartPath(manifest.snapshotId, index)}`;
  const response = await fetch(url, { headers: { authorization: `Bearer ${device.token}` } });
  if (response.status === 410) {
    await response.body?.cancel();
    throw new SnapshotGone();
  }
  if (!response.ok) {
    const message = (await response.text()).trim();
    if (response.status === 401) throw new SyncRefused({ kind: 'unauthorized' });
    if (response.status >= 500)
      throw new SyncRefused({ kind: 'serverError', httpStatus: response.status, message });
    throw new SyncRefused({ kind: 'refused', httpStatus: response.status, message });
  }
  const body = await timeStage('fetch + inflate (overlaps storing)', () => response.text());
  return timeStageNow('split lines', () => bodyLines(body));
}
