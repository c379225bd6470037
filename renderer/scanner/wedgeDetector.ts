import { assertNever } from '../../shared/domain/assertNever';
import type { KeyInput } from './keyDecoder';
import { altCodeChar, decodeKey, GS } from './keyDecoder';
import type { WedgeSettings } from './wedgeSettings';

/**
 * Tells a keyboard-wedge scanner from a person by timing alone, without touching the DOM.
 *
 * A burst is a run of text keys each at most `maxGapMs` after the one before. It is a scan when it
 * ends in a suffix key (Enter/Tab) or, unless a suffix is required, falls idle for `idleMs`, and it
 * has at least `minLength` characters at an average gap of at most `maxAvgGapMs`. The average, not
 * the largest gap, is the test because a busy renderer batches key events and a person's rollover
 * can put two or three keys under 30 ms; length plus average plus terminator is what holds up
 * (docs/scanners.md §5.2 and §7). The defaults are onScan.js's (30 ms average,
 * 6 characters, Enter/Tab, 100 ms before testing; docs/scanners.md §5.2); people type 80 ms or more apart.
 *
 * The detector never asks to swallow a text key: keys reach inputs as typed, and when a burst turns
 * out to be a scan the caller restores what the person had (`context`, captured when the burst
 * began). Only the suffix key that ends a scan is swallowed, so it neither submits a form nor
 * clicks a focused button.
 */

export type WedgeScan<C> = {
  /** The scanner's characters, GS substitutes turned into GS; the suffix is not included. */
  readonly data: string;
  readonly startedAt: number;
  readonly endedAt: number;
  /** What the caller passed with the burst's first key. */
  readonly context: C | undefined;
};

export type WedgeVerdict<C> = {
  /** Cancel the key's default action and stop it here. */
  readonly swallow: boolean;
  readonly scan?: WedgeScan<C>;
};

type BurstKey<C> = { readonly char: string; readonly at: number; readonly context: C | undefined };

type Burst<C> = {
  keys: BurstKey<C>[];
  lastAt: number;
  /** Keypad digits typed with Alt held, not yet a character; it counts from its first digit. */
  alt: { digits: string; at: number; context: C | undefined } | undefined;
};

/** Longest scan kept: the same cap as the scanner bridge's (shared/ipc/scanner.ts MAX_SCAN_LENGTH). */
const MAX_BURST = 4096;

const PASS = { swallow: false } as const;

export class WedgeDetector<C = unknown> {
  private settings: WedgeSettings;
  private burst: Burst<C> | undefined;

  constructor(settings: WedgeSettings) {
    this.settings = settings;
  }

  configure(settings: WedgeSettings): void {
    this.settings = settings;
    this.burst = undefined;
  }

  /** When `expire` should next be called, or undefined when nothing is pending. */
  deadline(): number | undefined {
    return this.burst === undefined ? undefined : this.burst.lastAt + this.settings.idleMs;
  }

  /** Ends a burst that has been idle for `idleMs`; a suffix-less scanner's scans end here. */
  expire(now: number): WedgeVerdict<C> {
    const burst = this.burst;
    if (burst === undefined || now - burst.lastAt < this.settings.idleMs) return PASS;
    this.burst = undefined;
    this.endAltCode(burst);
    return this.flushWithoutSuffix(burst);
  }

  keydown(event: KeyInput, context?: C): WedgeVerdict<C> {
    const key = decodeKey(event, { f8IsGs: this.settings.f8IsGs });
    const at = event.timeStamp;
    switch (key.kind) {
      case 'ignored':
      case 'modifier':
        return PASS;
      case 'other': {
        const burst = this.takeBurst();
        return burst === undefined ? PASS : this.flushWithoutSuffix(burst);
      }
      case 'suffix': {
        const burst = this.takeBurst();
        if (burst === undefined) return PASS;
        const wanted = key.suffix === 'Enter' ? this.settings.suffixEnter : this.settings.suffixTab;
        const keys = this.scannerKeys(burst.keys);
        if (wanted && at - burst.lastAt <= this.settings.maxGapMs && this.isScan(keys, at, keys.length)) {
          return { swallow: true, scan: this.scanOf(keys, at) };
        }
        return this.flushWithoutSuffix(burst);
      }
      case 'char':
      case 'gs':
      case 'alt-digit': {
        const stale = this.staleBurst(at);
        const burst = this.burst ?? this.startBurst(at);
        if (key.kind === 'alt-digit') {
          if (burst.alt === undefined) burst.alt = { digits: key.digit, at, context };
          else burst.alt.digits += key.digit;
        } else {
          this.endAltCode(burst);
          burst.keys.push({ char: key.kind === 'gs' ? GS : key.char, at, context });
        }
        burst.lastAt = at;
        if (burst.keys.length > MAX_BURST) this.burst = undefined;
        return stale ?? PASS;
      }
      default:
        return assertNever(key);
    }
  }

  /** Alt released: an Alt+numpad code is complete (Windows types the character on release). */
  keyup(event: KeyInput): void {
    if (this.burst !== undefined && (event.key === 'Alt' || /^Alt(Left|Right)$/.test(event.code))) {
      this.endAltCode(this.burst);
    }
  }

  private takeBurst(): Burst<C> | undefined {
    const burst = this.burst;
    this.burst = undefined;
    if (burst !== undefined) this.endAltCode(burst);
    return burst;
  }

  /** A key after a pause longer than `maxGapMs` starts afresh; the old burst may still be a scan. */
  private staleBurst(at: number): WedgeVerdict<C> | undefined {
    const burst = this.burst;
    if (burst === undefined || at - burst.lastAt <= this.settings.maxGapMs) return undefined;
    this.burst = undefined;
    this.endAltCode(burst);
    const verdict = this.flushWithoutSuffix(burst);
    return verdict.scan === undefined ? undefined : verdict;
  }

  private startBurst(at: number): Burst<C> {
    const burst: Burst<C> = { keys: [], lastAt: at, alt: undefined };
    this.burst = burst;
    return burst;
  }

  private endAltCode(burst: Burst<C>): void {
    if (burst.alt === undefined) return;
    const { digits, at, context } = burst.alt;
    burst.alt = undefined;
    const char = altCodeChar(digits);
    if (char !== undefined) burst.keys.push({ char, at, context });
  }

  /**
   * Drops keys a person typed just before the scanner started (a leading gap slower than a scanner
   * and three times the rest), so the scan does not begin with their character and the input is put
   * back to what they had typed, that key included. A person's key a few ms before the scanner's
   * first one cannot be told apart and stays in the scan.
   */
  private scannerKeys(keys: readonly BurstKey<C>[]): readonly BurstKey<C>[] {
    let start = 0;
    while (keys.length - start > this.settings.minLength) {
      const lead = keys[start + 1]!.at - keys[start]!.at;
      const rest = (keys[keys.length - 1]!.at - keys[start + 1]!.at) / (keys.length - start - 2);
      if (lead <= this.settings.maxAvgGapMs || lead <= 3 * rest) break;
      start += 1;
    }
    return start === 0 ? keys : keys.slice(start);
  }

  private flushWithoutSuffix(burst: Burst<C>): WedgeVerdict<C> {
    const keys = this.scannerKeys(burst.keys);
    if (this.settings.requireSuffix || keys.length < 2) return PASS;
    const endAt = keys[keys.length - 1]!.at;
    return this.isScan(keys, endAt, keys.length - 1)
      ? { swallow: false, scan: this.scanOf(keys, endAt) }
      : PASS;
  }

  /** `gaps` intervals from the first key to `endAt`: one per character when a suffix ends it. */
  private isScan(keys: readonly BurstKey<C>[], endAt: number, gaps: number): boolean {
    const first = keys[0];
    if (first === undefined || keys.length < this.settings.minLength || gaps <= 0) return false;
    return (endAt - first.at) / gaps <= this.settings.maxAvgGapMs;
  }

  private scanOf(keys: readonly BurstKey<C>[], endAt: number): WedgeScan<C> {
    const typed = keys.map((k) => k.char).join('');
    const gsText = this.settings.gsText;
    // A scanner set to type a printable stand-in for GS (`[GS]`, `<GS>`: docs/scanners.md §5.1).
    const data = gsText === '' ? typed : typed.split(gsText).join(GS);
    return { data, startedAt: keys[0]?.at ?? endAt, endedAt: endAt, context: keys[0]?.context };
  }
}
