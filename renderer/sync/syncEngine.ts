import { TRPCClientError } from '@trpc/client';
import {
  pullOutputSchema,
  reportStatusOutputSchema,
  type DeviceStatus,
  type ReportStatusInput,
} from '../../shared/sync/protocol';
import { parseUnknown } from '../../shared/validation';
import { applyPullPage } from '../db/catalog';
import { openAckHandle, type TillDb } from '../db/database';
import { getMeta, requireMeta, setMeta } from '../db/meta';
import { pruneHistory } from '../db/history';
import { pendingCount } from '../db/outbox';
import { backoffDelay } from '../../shared/domain/backoff';
import { MAX_PUSH_OPS } from '../../shared/sync/protocol';
import { bootstrapIfNew } from './bootstrap';
import { drainOutbox, PUSH_TARGET_BYTES } from './drain';
import { createServerClient, type ServerClient } from './serverClient';
import { classifyFailure, SyncRefused, type ServerAnswer, type SyncStatus } from './syncState';

export type { SyncStatus } from './syncState';

export type SyncOptions = {
  /** Operations per push request, at most the server's `MAX_PUSH_OPS`. */
  pushBatch?: number;
  /** Bytes of operations per push request (docs/sync-protocol.md §15). */
  pushBytes?: number;
  pullPage?: number;
  pollMs?: number;
  lockName?: string;
  /** Whether the browser granted persistent storage; reported to HQ with the queue figures. */
  storagePersisted?: boolean | null;
  /** Told the highest seq of the install the server has recorded, after each stored answer. */
  onAcked?: (installId: string, throughSeq: number) => void;
  /** Whether the browser believes it has a network; `navigator.onLine` unless told otherwise. */
  browserOnline?: () => boolean;
  /** Gzip large pushes to a server that accepts it; by default when the server is not local (§15.3). */
  compressPushes?: boolean;
};

/**
 * Drains the outbox and pulls the catalog. One cycle at a time per till, across tabs and windows
 * (Web Locks), so two windows never push the same queue. A failure backs off with full jitter
 * from 1 s to 60 s; a local commit or the browser's `online` event tries again at once.
 */
export class SyncEngine {
  private status: SyncStatus = {
    connection: { state: 'starting' },
    syncing: false,
    nextAttemptAt: null,
    lastAnswer: null,
    bootstrap: null,
  };
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private running = false;
  private again = false;
  private stopped = true;
  /** The token HQ revoked: no request goes out with it again (a new enrolment brings a new one). */
  private revokedToken: string | null = null;
  private tokenInUse: string | null = null;
  private readonly options: Required<Omit<SyncOptions, 'compressPushes'>> & {
    compressPushes: boolean | null;
  };
  /** Stores push answers without a flush per batch; opened with the first cycle. */
  private ackDb: TillDb | null = null;

  constructor(
    private readonly db: TillDb,
    options: SyncOptions = {},
  ) {
    this.options = {
      pushBatch: MAX_PUSH_OPS,
      pushBytes: PUSH_TARGET_BYTES,
      pullPage: 1000,
      pollMs: 30_000,
      lockName: 'omnitill-sync',
      storagePersisted: null,
      onAcked: () => undefined,
      browserOnline: () => (globalThis.navigator as Navigator | undefined)?.onLine ?? true,
      compressPushes: null,
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
    globalThis.addEventListener?.('offline', this.wentOffline);
    this.kick();
  }

  stop(): void {
    this.stopped = true;
    globalThis.removeEventListener?.('online', this.kick);
    globalThis.removeEventListener?.('offline', this.wentOffline);
    clearTimeout(this.timer);
    this.ackDb?.close();
    this.ackDb = null;
  }

  /** The browser lost its network: say so now rather than at the next failed attempt. */
  private readonly wentOffline = () => {
    this.update({ connection: { state: 'offline' } });
  };

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
      this.update({ connection: { state: 'online' }, syncing: false });
      this.running = false;
      this.schedule(this.again ? 0 : this.options.pollMs);
    } catch (error) {
      this.failures++;
      const status = this.failureStatus(error);
      this.update({ ...status, syncing: false });
      this.running = false;
      if (status.connection.state === 'refused' && status.connection.refusal.kind === 'revoked') {
        // Retrying cannot help and would only knock on the server: wait for a new enrolment.
        this.revokedToken = this.tokenInUse;
        return;
      }
      this.schedule(backoffDelay(this.failures));
    }
  }

  private failureStatus(error: unknown): Pick<SyncStatus, 'connection'> & Partial<SyncStatus> {
    const refusal = classifyFailure(error);
    if (refusal === null) {
      // No answer: the last thing the server said stays as it was.
      return this.options.browserOnline()
        ? {
            connection: {
              state: 'unreachable',
              detail: error instanceof Error ? error.message : String(error),
            },
          }
        : { connection: { state: 'offline' } };
    }
    const recorded = error instanceof SyncRefused ? error.recorded : 0;
    const recordedSales = error instanceof SyncRefused ? error.recordedSales : 0;
    return {
      connection: { state: 'refused', refusal },
      lastAnswer: {
        at: new Date().toISOString(),
        answer: { kind: 'refused', refusal, recorded, recordedSales },
      },
    };
  }

  private async withLock<T>(work: () => Promise<T>): Promise<T> {
    const locks = (globalThis.navigator as Navigator | undefined)?.locks;
    if (!locks) return work();
    return locks.request(this.options.lockName, work);
  }

  /** One push-then-pull round, then the queue report; a till not enrolled yet has nothing to do. */
  private async cycle(): Promise<void> {
    const device = await getMeta(this.db, 'device');
    if (!device) return;
    this.tokenInUse = device.token;
    if (device.token === this.revokedToken) throw new SyncRefused({ kind: 'revoked' });
    const { installId } = await requireMeta(this.db, 'install');
    const { compressPushes } = this.options;
    const client = createServerClient(device.serverUrl, device.token, {
      ...(compressPushes === null ? {} : { compressRequests: compressPushes }),
    });

    this.ackDb ??= openAckHandle(this.db);
    let drained;
    try {
      drained = await drainOutbox(
        this.db,
        this.ackDb,
        client,
        { deviceId: device.deviceId, installId },
        {
          maxOps: this.options.pushBatch,
          maxBytes: this.options.pushBytes,
          onAcked: (throughSeq) => this.options.onAcked(installId, throughSeq),
        },
      );
    } catch (error) {
      if (error instanceof SyncRefused && error.refusal.kind === 'cannotResend') {
        const { expectedSeq } = error.refusal;
        // Loud at the till and at HQ: only a person can decide what becomes of the lost range.
        await this.reportStatus(client, { cannotResendFromSeq: expectedSeq }).catch((failure: unknown) => {
          console.error('sync: could not report the range this till cannot resend', failure);
        });
      }
      throw error;
    }
    const { recorded, recordedSales, rejected, setAside, resent } = drained;

    await pruneHistory(this.db);

    await bootstrapIfNew(this.db, this.ackDb, client, device, (bootstrap) => this.update({ bootstrap }));
    let cursor = (await getMeta(this.db, 'pullCursor')) ?? null;
    for (;;) {
      const raw = await client.sync.pull.query({ cursor, limit: this.options.pullPage });
      const page = parseUnknown(pullOutputSchema, raw);
      if (!page.ok)
        throw new SyncRefused({ kind: 'unreadable', detail: page.error }, recorded, recordedSales);
      await applyPullPage(this.db, page.value);
      cursor = page.value.cursor;
      if (!page.value.hasMore) break;
    }
    const last = (await getMeta(this.db, 'lastSync')) ?? { pushAt: null, pullAt: null };
    await setMeta(this.db, 'lastSync', { ...last, pullAt: new Date().toISOString() });
    // Shown as soon as the server has answered the push and the pull, even if the report fails;
    // and with it "online", so the bar never shows a fresh answer beside "server unreachable"
    // while the report is on its way.
    this.noteAnswer({ kind: 'synced', recorded, recordedSales, rejected, setAside, resent });
    await this.reportStatus(client, { pulled: true, cannotResendFromSeq: null });
  }

  private noteAnswer(answer: ServerAnswer) {
    this.update({ connection: { state: 'online' }, lastAnswer: { at: new Date().toISOString(), answer } });
  }

  private async reportStatus(
    client: ServerClient,
    extra: Pick<ReportStatusInput, 'pulled' | 'cannotResendFromSeq'>,
  ): Promise<void> {
    const status = await queueStatus(this.db, this.options.storagePersisted);
    let raw: unknown;
    try {
      raw = await client.sync.reportStatus.mutate({ ...status, ...extra });
    } catch (error) {
      // A server older than this till has no status report; its sales still sync.
      if (
        error instanceof TRPCClientError &&
        (error.data as { code?: unknown } | undefined)?.code === 'NOT_FOUND'
      ) {
        return;
      }
      throw error;
    }
    const answer = parseUnknown(reportStatusOutputSchema, raw);
    if (!answer.ok) throw new SyncRefused({ kind: 'unreadable', detail: answer.error });
  }
}

async function queueStatus(db: TillDb, storagePersisted: boolean | null): Promise<DeviceStatus> {
  const oldest = await db.outbox.orderBy('seq').first();
  return {
    pendingOps: await pendingCount(db),
    oldestPendingAt: oldest?.wallTime ?? null,
    rejectedOps: await db.rejected.count(),
    storagePersisted,
  };
}
