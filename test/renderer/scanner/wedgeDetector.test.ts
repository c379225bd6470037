import { demoCardNumber } from '../../../server/seed/demoData';
import { describe, expect, it } from 'vitest';
import type { KeyInput } from '../../../renderer/scanner/keyDecoder';
import type { WedgeVerdict } from '../../../renderer/scanner/wedgeDetector';
import { WedgeDetector } from '../../../renderer/scanner/wedgeDetector';
import type { WedgeSettings } from '../../../renderer/scanner/wedgeSettings';
import { defaultWedgeSettings } from '../../../renderer/scanner/wedgeSettings';
import { enter, key, lastTime, typeText } from './keySequences';

const CARD = demoCardNumber(1);
const GS = '\x1d';

function detector(settings: Partial<WedgeSettings> = {}): WedgeDetector<string> {
  return new WedgeDetector<string>({ ...defaultWedgeSettings, ...settings });
}

/** Feeds keydowns; returns every verdict with its key, and the scans in order. */
function feed(d: WedgeDetector<string>, keys: readonly KeyInput[], context?: (i: number) => string) {
  const verdicts: { key: KeyInput; verdict: WedgeVerdict<string> }[] = [];
  keys.forEach((k, i) => verdicts.push({ key: k, verdict: d.keydown(k, context?.(i)) }));
  const scans = verdicts.flatMap(({ verdict }) => (verdict.scan ? [verdict.scan] : []));
  return { verdicts, scans, swallowed: verdicts.filter((v) => v.verdict.swallow).map((v) => v.key.key) };
}

function scanner(
  text: string,
  start = 1000,
  gap: number | readonly number[] = 5,
  layout: 'us' | 'ru' = 'us',
) {
  const keys = typeText(text, start, gap, layout);
  return [...keys, enter(lastTime(keys) + (typeof gap === 'number' ? gap : 5))];
}

describe('the keyboard-wedge detector', () => {
  it('takes keys ≤ 10 ms apart ending in Enter as one scan and swallows only the Enter', () => {
    const { scans, swallowed } = feed(detector(), scanner(CARD, 1000, 8));
    expect(scans.map((s) => s.data)).toEqual([CARD]);
    expect(swallowed).toEqual(['Enter']);
    expect(scans[0]).toMatchObject({ startedAt: 1000, endedAt: 1000 + 13 * 8 });
  });

  it('leaves people typing at 80 ms and slower alone, Enter included', () => {
    for (const gap of [80, 120, 300]) {
      const { scans, swallowed } = feed(detector(), scanner(CARD, 1000, gap));
      expect(scans).toEqual([]);
      expect(swallowed).toEqual([]);
    }
  });

  it('is not fooled by a person’s rollover burst of a few keys under 30 ms', () => {
    // "hello" typed with two quick rollovers, then Enter: 5 characters, long average gap.
    const keys = typeText('hello1', 0, [150, 12, 140, 9, 160]);
    const { scans, swallowed } = feed(detector(), [...keys, enter(lastTime(keys) + 10)]);
    expect(scans).toEqual([]);
    expect(swallowed).toEqual([]);
  });

  it('judges the average gap, so a scanner with jitter (2, 10, 20, 45 ms) still counts', () => {
    const gaps = [2, 10, 20, 45, 2, 10, 20, 3, 2, 10, 20, 2];
    expect(feed(detector(), scanner(CARD, 0, gaps)).scans.map((s) => s.data)).toEqual([CARD]);
    expect(feed(detector(), scanner(CARD, 0, 45)).scans).toEqual([]);
  });

  it('rebuilds Latin letters from `code` under a Russian layout (]E0 arrives as ъУ0)', () => {
    const keys = scanner(']E04601234567893', 0, 5, 'ru');
    expect(keys.slice(0, 3).map((k) => k.key)).toEqual(['ъ', 'У', '0']);
    expect(feed(detector(), keys).scans.map((s) => s.data)).toEqual([']E04601234567893']);
  });

  it('keeps letters, case and punctuation of a Code 128 card and a crypto tail under ЙЦУКЕН', () => {
    for (const text of ['CARD-00123', 'k3LInNbH_oG0Q', 'G+mgsHw<DiLN_', 'YXiyKfiH/E4YE8b+YVMC1O5r8V=']) {
      expect(feed(detector(), scanner(text, 0, 4, 'ru')).scans.map((s) => s.data)).toEqual([text]);
    }
  });

  it('falls back to `key` when there is no `code`, mapping Cyrillic letters back to the US keys', () => {
    const keys = [...'СФКВ-00123'].map((char, i) => key('', char, i * 5));
    expect(feed(detector(), [...keys, key('', 'Enter', 60)]).scans.map((s) => s.data)).toEqual([
      'CARD-00123',
    ]);
  });

  it('ignores CapsLock and reads keypad digits as digits', () => {
    const caps = typeText('abc123', 0, 5).map((k) => ({ ...k, key: k.key.toUpperCase() }));
    expect(feed(detector(), [...caps, enter(30)]).scans.map((s) => s.data)).toEqual(['abc123']);
    const numpad = [...'4601234567893'].map((digit, i) => key(`Numpad${digit}`, digit, i * 5));
    expect(feed(detector(), [...numpad, key('NumpadEnter', 'Enter', 70)]).scans.map((s) => s.data)).toEqual([
      '4601234567893',
    ]);
  });

  describe('GS substitutes', () => {
    const head = '0104600000000003215abc';
    const tail = '93dGVz';
    const around = (gsKeys: KeyInput[], layout: 'us' | 'ru' = 'us') => {
      const first = typeText(head, 0, 4, layout);
      const shifted = gsKeys.map((k, i) => ({ ...k, timeStamp: lastTime(first) + 4 * (i + 1) }));
      const second = typeText(tail, lastTime(shifted) + 4, 4, layout);
      return [...first, ...shifted, ...second, enter(lastTime(second) + 4)];
    };

    it('maps Ctrl+] to GS, under a Russian layout too', () => {
      const ctrl = key('ControlLeft', 'Control', 0, { ctrlKey: true });
      const bracket = key('BracketRight', ']', 0, { ctrlKey: true });
      expect(feed(detector(), around([ctrl, bracket])).scans.map((s) => s.data)).toEqual([
        `${head}${GS}${tail}`,
      ]);
      const ru = { ...bracket, key: 'ъ' };
      expect(feed(detector(), around([ctrl, ru], 'ru')).scans.map((s) => s.data)).toEqual([
        `${head}${GS}${tail}`,
      ]);
    });

    it('maps GroupSeparator, a raw 0x1D key and F8 to GS; F8 only while enabled', () => {
      for (const gs of [key('', 'GroupSeparator', 0), key('', GS, 0), key('F8', 'F8', 0)]) {
        expect(feed(detector(), around([gs])).scans.map((s) => s.data)).toEqual([`${head}${GS}${tail}`]);
      }
      // Without the F8 substitute, F8 is a person's key: it breaks the burst in two.
      const split = feed(detector({ f8IsGs: false }), around([key('F8', 'F8', 0)]));
      expect(split.scans.map((s) => s.data)).toEqual([head, tail]);
    });

    it('maps Alt + keypad 0 2 9 to GS', () => {
      const alt = key('AltLeft', 'Alt', 0, { altKey: true });
      const digits = ['0', '2', '9'].map((d) => key(`Numpad${d}`, d, 0, { altKey: true }));
      const d = detector();
      const keys = around([alt, ...digits]);
      const verdicts: WedgeVerdict<string>[] = [];
      for (const k of keys) {
        verdicts.push(d.keydown(k));
        if (k.code === 'Numpad9') d.keyup({ ...alt, altKey: false, timeStamp: k.timeStamp + 1 });
      }
      expect(verdicts.flatMap((v) => (v.scan ? [v.scan.data] : []))).toEqual([`${head}${GS}${tail}`]);
    });

    it('replaces the configured printable stand-in with GS', () => {
      const keys = scanner(`${head}<GS>${tail}`, 0, 3);
      expect(feed(detector({ gsText: '<GS>' }), keys).scans.map((s) => s.data)).toEqual([
        `${head}${GS}${tail}`,
      ]);
      expect(feed(detector(), keys).scans.map((s) => s.data)).toEqual([`${head}<GS>${tail}`]);
    });
  });

  it('ends a suffix-less scan when the keys stop, unless a suffix is required', () => {
    const keys = typeText(CARD, 0, 5);
    const d = detector();
    expect(feed(d, keys).scans).toEqual([]);
    expect(d.deadline()).toBe(lastTime(keys) + defaultWedgeSettings.idleMs);
    expect(d.expire(lastTime(keys) + 50).scan).toBeUndefined();
    expect(d.expire(lastTime(keys) + 100).scan?.data).toBe(CARD);
    expect(d.deadline()).toBeUndefined();

    const strict = detector({ requireSuffix: true });
    feed(strict, keys);
    expect(strict.expire(lastTime(keys) + 100).scan).toBeUndefined();
  });

  it('a pause longer than the largest gap starts a new burst; the old one is judged on its own', () => {
    const first = typeText('123', 0, 5);
    const second = typeText(CARD, 500, 5);
    const { scans } = feed(detector(), [...first, ...second, enter(lastTime(second) + 5)]);
    expect(scans.map((s) => s.data)).toEqual([CARD]);
  });

  it('hands back the context of the burst’s first key, so an input can be put back', () => {
    // A person typed "ab" slowly; then the scanner typed into the same input.
    const person = typeText('ab', 0, 200);
    const scan = scanner(CARD, 600, 5);
    const keys = [...person, ...scan];
    const { scans } = feed(detector(), keys, (i) => `value-before-key-${i}`);
    expect(scans).toEqual([expect.objectContaining({ data: CARD, context: 'value-before-key-2' })]);
  });

  it('leaves out a person’s key typed just before the scanner started; it stays in their input', () => {
    const person = key('Digit2', '2', 0);
    for (const [lead, gap] of [
      [40, 5],
      [55, 15],
    ] as const) {
      const { scans } = feed(detector(), [person, ...scanner(CARD, lead, gap)], (i) => `before-key-${i}`);
      expect(scans).toEqual([expect.objectContaining({ data: CARD, context: 'before-key-1' })]);
    }
    // A scanner whose first gap is merely slower (the Shift of a capital, jitter) keeps its first key.
    const shifted = [key('KeyA', 'A', 0, { shiftKey: true }), ...scanner('4601234567893', 25, 10)];
    expect(feed(detector(), shifted).scans.map((s) => s.data)).toEqual(['A4601234567893']);
  });

  it('needs the minimum length; shorter bursts pass with their Enter', () => {
    const { scans, swallowed } = feed(detector(), scanner('12345', 0, 5));
    expect(scans).toEqual([]);
    expect(swallowed).toEqual([]);
    expect(feed(detector({ minLength: 4 }), scanner('12345', 0, 5)).scans.map((s) => s.data)).toEqual([
      '12345',
    ]);
  });

  it('takes Tab as a suffix when enabled and passes it otherwise', () => {
    const keys = typeText(CARD, 0, 5);
    const tab = key('Tab', 'Tab', lastTime(keys) + 5);
    expect(feed(detector(), [...keys, tab]).swallowed).toEqual(['Tab']);
    const off = feed(detector({ suffixTab: false, requireSuffix: true, suffixEnter: true }), [...keys, tab]);
    expect(off.scans).toEqual([]);
    expect(off.swallowed).toEqual([]);
  });

  it('ignores modifiers, auto-repeat and IME composition; a shortcut or arrow breaks the burst', () => {
    const keys = typeText('ABC123', 0, 5).flatMap((k) => [
      key('ShiftLeft', 'Shift', k.timeStamp, { shiftKey: true }),
      k,
    ]);
    const noisy = [
      ...keys,
      key('KeyZ', 'z', 31, { repeat: true }),
      key('KeyZ', 'z', 32, { isComposing: true }),
    ];
    expect(feed(detector(), [...noisy, enter(35)]).scans.map((s) => s.data)).toEqual(['ABC123']);

    const broken = [
      ...typeText('460123', 0, 5),
      key('KeyC', 'c', 26, { ctrlKey: true }),
      ...typeText('4567893', 27, 5),
    ];
    expect(feed(detector({ requireSuffix: true }), [...broken, enter(70)]).scans.map((s) => s.data)).toEqual([
      '4567893',
    ]);
  });

  it('applies new settings at once and drops the burst in progress', () => {
    const d = detector();
    feed(d, typeText('460123', 0, 40));
    d.configure({ ...defaultWedgeSettings, maxAvgGapMs: 50 });
    const { scans } = feed(d, scanner('4601234567893', 1000, 40));
    expect(scans.map((s) => s.data)).toEqual(['4601234567893']);
  });
});
