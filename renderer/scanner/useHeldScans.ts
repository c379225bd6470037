import { useCallback, useState } from 'react';
import type { StreamScan } from './scanStream';

/** More than a cashier would scan on another screen; beyond it the oldest are counted, not listed. */
export const HELD_LIMIT = 30;

export type HeldScans = {
  /** Newest first. */
  readonly held: readonly StreamScan[];
  /** How many older ones fell off the list (they stay in the Scanners tab's log). */
  readonly overflow: number;
  readonly hold: (entry: StreamScan) => void;
  readonly release: (ids: readonly string[]) => void;
};

/**
 * Scans that reached a screen which could not act on them at that moment (the till behind the
 * Scanners tab, a window in the background): kept until the person adds or dismisses them, so a
 * scan is never lost without a word.
 */
export function useHeldScans(): HeldScans {
  const [state, setState] = useState<{ held: readonly StreamScan[]; overflow: number }>({
    held: [],
    overflow: 0,
  });
  const hold = useCallback((entry: StreamScan) => {
    setState(({ held, overflow }) => {
      if (held.some((e) => e.id === entry.id)) return { held, overflow };
      const next = [entry, ...held];
      return { held: next.slice(0, HELD_LIMIT), overflow: overflow + Math.max(0, next.length - HELD_LIMIT) };
    });
  }, []);
  const release = useCallback((ids: readonly string[]) => {
    setState(({ held, overflow }) => {
      const rest = held.filter((e) => !ids.includes(e.id));
      return { held: rest, overflow: rest.length === 0 ? 0 : overflow };
    });
  }, []);
  return { held: state.held, overflow: state.overflow, hold, release };
}
