import { TRPCClientError } from '@trpc/client';
import { pullOutputSchema, pushOutputSchema, type DeviceStatus } from '../../shared/sync/protocol';
import { applyPullPage } from '../db/catalog';
import type { TillDb } from '../db/database';
import { getMeta, requireMeta, setMeta } from '../db/meta';
import { applyPushResults, pendingBatch, PUSH_BATCH } from '../db/outbox';
import { backoffDelay } from '../../shared/domain/backoff';
import { createServerClient } from './serverClient';

export type SyncStatus = {
  /** null until the first attempt has an answer. */
  online: boolean | null;
  syncing: boolean;
  lastError: string | null;
  nextAttemptAt: number | null;
};

export type SyncOptions = {
  pushBatch?: number;
  pullPage?: number;
  pollMs?: number;
  lockName?: string;
  /** Whether the browser granted persistent storage; reported to HQ with the queue figures. */
  storagePersisted?: boolean | null;
};

/**
 * Drains the outbox and pulls the catalog. One cycle at a time per till, across tabs and windows
 * (Web Locks), so two windows never push the same queue. A failure backs off with full jitter
 * from 1 s to 60 s; a local commit or the browser's `online` event tries again at once.
 */
export class SyncEngine {
  private status: SyncStatus = { online: null, syncing: false, lastError: null, nextAttemptAt: null };
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private running = false;
  private again = false;
  private stopped = true;
  private readonly options: Required<SyncOptions>;

  constructor(
    private readonly db: TillDb,
    options: SyncOptions = {},
  ) {
    this.options = {
      pushBatch: PUSH_BATCH,
      pullPage: 1000,
      pollMs: 30_000,
      lockName: 'omnitill-sync',
      storagePersisted: null,
      ...options,
    };
  }

  readonly subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getStatus = () => this.status;

  start(): void {
    this.stopped = false;
    globalThis.addEventListener?.('online', this.kick);
    this.kick();
  }

  stop(): void {
    this.stopped = true;
    globalThis.removeEventListener?.('online', this.kick);
    clearTimeout(this.timer);
  }

  /** Try now: after a local commit, on `online`, or when the cashier presses "sync". */
  readonly kick = () => {
    if (this.running) this.again = true;
    else this.schedule(0);
  };

  /** Runs one full cycle and resolves when it is done (tests and the "sync now" button). */
  async syncNow(): Promise<void> {
    await this.run();
  }

  private schedule(delayMs: number) {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.update({ nextAttemptAt: Date.now() + delayMs });
    this.timer = setTimeout(() => void this.run(), delayMs);
  }

  private update(patch: Partial<SyncStatus>) {
    this.status = { ...this.status, ...patch };
    for (const listener of this.listeners) listener();
  }

  private async run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    this.again = false;
    this.update({ syncing: true, nextAttemptAt: null });
    try {
      await this.withLock(() => this.cycle());
      this.failures = 0;
      this.update({ online: true, lastError: null, syncing: false });
      this.running = false;
      this.schedule(this.again ? 0 : this.options.pollMs);
    } catch (error) {
      this.failures++;
      const offline = !(error instanceof TRPCClientError) || error.data === undefined;
      this.update({ online: !offline, lastError: describe(error), syncing: false });
      this.running = false;
      this.schedule(backoffDelay(this.failures));
    }
  }

  private async withLock(work: () => Promise<void>): Promise<void> {
    const locks = (globalThis.navigator as Navigator | undefined)?.locks;
    if (!locks) return work();
    await locks.request(this.options.lockName, work);
  }

  private async cycle(): Promise<void> {
    const device = await getMeta(this.db, 'device');
    if (!device) return;
    const { installId } = await requireMeta(this.db, 'install');
    const client = createServerClient(device.serverUrl, device.token);

    for (;;) {
      const ops = await pendingBatch(this.db, this.options.pushBatch);
      if (ops.length === 0) break;
      const answer = pushOutputSchema.parse(
        await client.sync.push.mutate({ deviceId: device.deviceId, installId, ops }),
      );
      const summary = await applyPushResults(this.db, answer.results);
      if (summary.retry > 0 || summary.gap > 0) {
        throw new Error(`server asked to retry ${summary.retry + summary.gap} operation(s)`);
      }
    }

    let cursor = (await getMeta(this.db, 'pullCursor')) ?? null;
    const status = await queueStatus(this.db, this.options.storagePersisted);
    for (;;) {
      const page = pullOutputSchema.parse(
        await client.sync.pull.query({ cursor, limit: this.options.pullPage, status }),
      );
      await applyPullPage(this.db, page);
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    const last = (await getMeta(this.db, 'lastSync')) ?? { pushAt: null, pullAt: null };
    await setMeta(this.db, 'lastSync', { ...last, pullAt: new Date().toISOString() });
  }
}

async function queueStatus(db: TillDb, storagePersisted: boolean | null): Promise<DeviceStatus> {
  const oldest = await db.outbox.orderBy('seq').first();
  return {
    pendingOps: await db.outbox.count(),
    oldestPendingAt: oldest?.wallTime ?? null,
    rejectedOps: await db.rejected.count(),
    storagePersisted,
  };
}

function describe(error: unknown): string {
  if (error instanceof TRPCClientError) {
    const code = (error.data as { code?: string } | undefined)?.code;
    if (code === 'UNAUTHORIZED') return 'The server refused this till’s token: enrol it again.';
    if (!error.data) return 'Server unreachable';
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
