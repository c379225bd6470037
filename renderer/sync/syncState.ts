import { TRPCClientError } from '@trpc/client';
import { NotAnApiAnswer } from './serverClient';
import type { BootstrapProgress } from './bootstrap';

/** The server answered, but did not take what the till sent, or the till cannot read the answer. */
export type Refusal =
  /** The server asked to try again later; `reason` is its word for why (contention, transient, …). */
  | { kind: 'retry'; count: number; reason: string }
  /** The server is missing earlier operations of this till and expects this seq next. */
  | { kind: 'gap'; expectedSeq: number }
  /**
   * The server lost operations it had recorded (restored from a backup) back to `expectedSeq`,
   * and this till no longer holds them all to send again: it keeps them from `heldFrom` (null:
   * none). Nothing after them can be taken until a person decides.
   */
  | { kind: 'cannotResend'; expectedSeq: number; heldFrom: number | null }
  /** An answer this till cannot read: the server speaks a newer protocol. */
  | { kind: 'unreadable'; detail: string }
  /** HTTP 5xx: the server (or a proxy in front of it) failed. */
  | { kind: 'serverError'; httpStatus: number; message: string }
  /** The device token was refused: the till must be enrolled again. */
  | { kind: 'unauthorized' }
  /** HQ revoked this till's token: it must be enrolled again, and stops trying until then. */
  | { kind: 'revoked' }
  /** Any other refusal of the request itself (e.g. a server too old for this till). */
  | { kind: 'refused'; httpStatus: number | null; message: string };

/** Where the till stands with its server, as the status bar tells the cashier. */
export type Connection =
  | { state: 'starting' }
  | { state: 'online' }
  /** The browser says this computer has no network. */
  | { state: 'offline' }
  /** The network is up but no HTTP answer came from the server's address. */
  | { state: 'unreachable'; detail: string }
  | { state: 'refused'; refusal: Refusal };

/** What the server last said, for the "12:05 — 20 sales recorded" line. */
export type ServerAnswer =
  /**
   * `recordedSales`: of the recorded, the sales; `resent`: of the recorded, those sent again
   * because the server had lost them.
   */
  | {
      kind: 'synced';
      recorded: number;
      recordedSales: number;
      rejected: number;
      setAside: number;
      resent: number;
    }
  | { kind: 'refused'; refusal: Refusal; recorded: number; recordedSales: number };

export type SyncStatus = {
  connection: Connection;
  syncing: boolean;
  nextAttemptAt: number | null;
  /** null until the server has answered once since the app started. */
  lastAnswer: { at: string; answer: ServerAnswer } | null;
  /** A new till storing its first snapshot (docs/sync-protocol.md §17); null otherwise. */
  bootstrap: BootstrapProgress | null;
};

/** A refusal found in an answer (a push result, an unreadable body), thrown to end the cycle. */
export class SyncRefused extends Error {
  constructor(
    readonly refusal: Refusal,
    readonly recorded = 0,
    readonly recordedSales = 0,
  ) {
    super(refusal.kind);
  }
}

/**
 * Sorts a failed cycle into a connection state. `null` means "no answer at all" (network error):
 * the caller decides between offline and unreachable by what the browser says.
 */
export function classifyFailure(error: unknown): Refusal | null {
  if (error instanceof SyncRefused) return error.refusal;
  if (!(error instanceof TRPCClientError)) {
    return {
      kind: 'refused',
      httpStatus: null,
      message: error instanceof Error ? error.message : String(error),
    };
  }
  const cause: unknown = error.cause;
  if (cause instanceof NotAnApiAnswer) {
    if (cause.httpStatus >= 500)
      return { kind: 'serverError', httpStatus: cause.httpStatus, message: cause.message };
    if (cause.httpStatus === 401) return { kind: 'unauthorized' };
    if (cause.httpStatus < 300) return { kind: 'unreadable', detail: cause.message };
    return { kind: 'refused', httpStatus: cause.httpStatus, message: cause.message };
  }
  const data = error.data as { code?: unknown; httpStatus?: unknown; reason?: unknown } | undefined;
  if (data && typeof data === 'object') {
    const httpStatus = typeof data.httpStatus === 'number' ? data.httpStatus : null;
    if (data.code === 'UNAUTHORIZED' || httpStatus === 401) {
      return data.reason === 'device_revoked' ? { kind: 'revoked' } : { kind: 'unauthorized' };
    }
    if (httpStatus !== null && httpStatus >= 500)
      return { kind: 'serverError', httpStatus, message: error.message };
    return { kind: 'refused', httpStatus, message: error.message };
  }
  // JSON came back, but not in the shape of an API answer this client knows.
  const meta = error.meta as { response?: { status?: unknown } } | undefined;
  const status = meta?.response?.status;
  if (typeof status === 'number') {
    if (status >= 500) return { kind: 'serverError', httpStatus: status, message: error.message };
    return { kind: 'unreadable', detail: error.message };
  }
  return null;
}
