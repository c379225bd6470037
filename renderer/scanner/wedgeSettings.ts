import { z } from 'zod';
import { parseJsonText, parseUnknown, type Parsed } from '../../shared/validation';

/**
 * The keyboard-wedge detector's thresholds, kept per till in localStorage (a scanner's speed is a
 * property of the scanner at this till, not of the chain). Anything read back is checked here:
 * storage can hold an older shape or be edited by hand.
 */

/**
 * Defaults from docs/scanners.md §5.2: onScan.js's 30 ms average gap, 6 characters and 100 ms before a
 * suffix-less burst is tested; Enter and Tab end scans as in onScan.js and Odoo. A single gap may
 * reach 60 ms for scanners with an intercharacter delay (Odoo supports up to 50 ms); people type
 * 80 ms or more apart (docs/scanners.md §7: 120 wpm ≈ 100 ms per character).
 */
export const defaultWedgeSettings = {
  maxAvgGapMs: 30,
  maxGapMs: 60,
  minLength: 6,
  idleMs: 100,
  suffixEnter: true,
  suffixTab: true,
  requireSuffix: false,
  f8IsGs: true,
  gsText: '',
} as const;

const ms = (min: number, max: number) => z.number().int().min(min).max(max);

export const wedgeSettingsSchema = z
  .object({
    /** Average gap between a scan's keys, suffix included. Kept under people's 80 ms. */
    maxAvgGapMs: ms(5, 60).default(defaultWedgeSettings.maxAvgGapMs),
    /** Largest single gap inside a burst; a longer pause starts a new one. */
    maxGapMs: ms(10, 150).default(defaultWedgeSettings.maxGapMs),
    minLength: z.number().int().min(3).max(64).default(defaultWedgeSettings.minLength),
    /** Quiet time after which a burst without a suffix is tested. */
    idleMs: ms(20, 1000).default(defaultWedgeSettings.idleMs),
    suffixEnter: z.boolean().default(defaultWedgeSettings.suffixEnter),
    suffixTab: z.boolean().default(defaultWedgeSettings.suffixTab),
    /** Only bursts ending in Enter/Tab are scans (for scanners that always send a suffix). */
    requireSuffix: z.boolean().default(defaultWedgeSettings.requireSuffix),
    /** F8 types GS (docs/scanners.md §5.1); Ctrl+] always does. */
    f8IsGs: z.boolean().default(defaultWedgeSettings.f8IsGs),
    /** Printable text the scanner types for GS, e.g. `<GS>`; empty for none. */
    gsText: z
      .string()
      .max(8)
      .refine((text) => text.trim() === text, 'no leading or trailing spaces')
      .default(defaultWedgeSettings.gsText),
  })
  .refine((s) => s.maxGapMs >= s.maxAvgGapMs, {
    message: 'the largest gap must not be below the average',
    path: ['maxGapMs'],
  })
  .refine((s) => s.idleMs >= s.maxGapMs, {
    message: 'the idle time must not be below the largest gap',
    path: ['idleMs'],
  })
  .refine((s) => s.suffixEnter || s.suffixTab || !s.requireSuffix, {
    message: 'a required suffix needs Enter or Tab',
    path: ['requireSuffix'],
  });

export type WedgeSettings = z.infer<typeof wedgeSettingsSchema>;

export type WedgeSettingsParse =
  { ok: true; value: WedgeSettings } | { ok: false; error: string; fields: readonly string[] };

/** The one way a value from storage or the settings form becomes WedgeSettings. */
export function parseWedgeSettings(value: unknown): WedgeSettingsParse {
  return withFields(parseUnknown(wedgeSettingsSchema, value));
}

/** Adds the top-level field names the form marks as wrong. */
function withFields(parsed: Parsed<WedgeSettings>): WedgeSettingsParse {
  if (parsed.ok) return parsed;
  // A path such as `maxGapMs` or `gsText`: the form's field is the path up to the first `.` or `[`.
  const fields = parsed.issues.map((issue) => (issue.path === '(root)' ? '' : issue.path.split(/[.[]/)[0]!));
  return { ok: false, error: parsed.error, fields };
}

export const WEDGE_SETTINGS_KEY = 'omnitill.scanner.wedge';

type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export type WedgeSettingsStore = {
  readonly get: () => WedgeSettings;
  /** Checks and saves; listeners hear only of values that passed. */
  readonly save: (value: unknown) => WedgeSettingsParse;
  readonly reset: () => void;
  readonly subscribe: (listener: () => void) => () => void;
  /** Set when storage held something unusable at start-up; defaults are then in effect. */
  readonly loadError: string | undefined;
};

function read(storage: StorageLike | undefined): { value: WedgeSettings; error?: string } {
  const text = storage?.getItem(WEDGE_SETTINGS_KEY) ?? null;
  if (text === null) return { value: { ...defaultWedgeSettings } };
  const parsed = withFields(parseJsonText(wedgeSettingsSchema, text));
  return parsed.ok ? { value: parsed.value } : { value: { ...defaultWedgeSettings }, error: parsed.error };
}

export function createWedgeSettingsStore(storage: StorageLike | undefined): WedgeSettingsStore {
  const loaded = read(storage);
  let current = loaded.value;
  const listeners = new Set<() => void>();
  const publish = (next: WedgeSettings): void => {
    current = next;
    for (const listener of listeners) listener();
  };
  return {
    get: () => current,
    save(value) {
      const parsed = parseWedgeSettings(value);
      if (parsed.ok) {
        storage?.setItem(WEDGE_SETTINGS_KEY, JSON.stringify(parsed.value));
        publish(parsed.value);
      }
      return parsed;
    },
    reset() {
      storage?.removeItem(WEDGE_SETTINGS_KEY);
      publish({ ...defaultWedgeSettings });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    loadError: loaded.error,
  };
}
