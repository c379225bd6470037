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
 * (scanners.md §5.3 pitfall 6 and §7 "Human typing"). The defaults are onScan.js's (30 ms average,
 * 6 characters, Enter/Tab, 100 ms before testing; scanners.md §5.2); people type 80 ms or more apart.
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

type Burst<C> = {
  chars: string[];
  firstAt: number;
  lastAt: number;
  context: C | undefined;
  /** Keypad digits typed with Alt held, not yet a character. */
  altDigits: string | undefined;
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
        if (
          wanted &&
          at - burst.lastAt <= this.settings.maxGapMs &&
          this.isScan(burst, at, burst.chars.length)
        ) {
          return { swallow: true, scan: this.scanOf(burst, at) };
        }
        return this.flushWithoutSuffix(burst);
      }
      case 'char':
      case 'gs':
      case 'alt-digit': {
        const stale = this.staleBurst(at);
        const burst = this.burst ?? this.startBurst(at, context);
        if (key.kind === 'alt-digit') {
          burst.altDigits = (burst.altDigits ?? '') + key.digit;
        } else {
          this.endAltCode(burst);
          burst.chars.push(key.kind === 'gs' ? GS : key.char);
        }
        burst.lastAt = at;
        if (burst.chars.length > MAX_BURST) this.burst = undefined;
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

  private startBurst(at: number, context: C | undefined): Burst<C> {
    const burst: Burst<C> = { chars: [], firstAt: at, lastAt: at, context, altDigits: undefined };
    this.burst = burst;
    return burst;
  }

  private endAltCode(burst: Burst<C>): void {
    if (burst.altDigits === undefined) return;
    const char = altCodeChar(burst.altDigits);
    burst.altDigits = undefined;
    if (char !== undefined) burst.chars.push(char);
  }

  private flushWithoutSuffix(burst: Burst<C>): WedgeVerdict<C> {
    if (this.settings.requireSuffix || burst.chars.length < 2) return PASS;
    return this.isScan(burst, burst.lastAt, burst.chars.length - 1)
      ? { swallow: false, scan: this.scanOf(burst, burst.lastAt) }
      : PASS;
  }

  /** `gaps` intervals from the first key to `endAt`: one per character when a suffix ends it. */
  private isScan(burst: Burst<C>, endAt: number, gaps: number): boolean {
    if (burst.chars.length < this.settings.minLength || gaps <= 0) return false;
    return (endAt - burst.firstAt) / gaps <= this.settings.maxAvgGapMs;
  }

  private scanOf(burst: Burst<C>, endAt: number): WedgeScan<C> {
    const typed = burst.chars.join('');
    const gsText = this.settings.gsText;
    // A scanner set to type a printable stand-in for GS (`[GS]`, `<GS>`: scanners.md §5.1).
    const data = gsText === '' ? typed : typed.split(gsText).join(GS);
    return { data, startedAt: burst.firstAt, endedAt: endAt, context: burst.context };
  }
}
