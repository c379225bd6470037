import type { OmniTillBridge } from '../../shared/ipc/contract';

/** The journal's part of the preload bridge: the desktop app has it, a plain browser does not. */
export type JournalBridge = Pick<OmniTillBridge, 'journalAppend' | 'journalAck' | 'journalPending'>;

/**
 * The preload's journal calls when running in the desktop app, else null. Read defensively, like
 * the scanner's: an older shell whose preload lacks them simply runs without a journal.
 */
export function journalBridgeOf(win: Window): JournalBridge | null {
  const bridge: unknown = (win as Window & { omnitill?: unknown }).omnitill;
  if (typeof bridge !== 'object' || bridge === null) return null;
  const { journalAppend, journalAck, journalPending } = bridge as Partial<JournalBridge>;
  if (typeof journalAppend !== 'function' || typeof journalAck !== 'function') return null;
  if (typeof journalPending !== 'function') return null;
  return { journalAppend, journalAck, journalPending };
}
