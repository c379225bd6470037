import { z } from 'zod';
import { parseUnknown } from '../../shared/validation';
import type { ScanEncoding } from '../../shared/ipc/scanner';
import type { Result } from './result';
import { err, ok } from './result';
import { decodeScanBytes } from './scanEvent';

/**
 * Boot keyboard reports (8 bytes: modifiers, reserved, six key usages) from a keyboard-mode
 * scanner → the bytes it meant to type. Scanners send usages for a US layout whatever the OS layout
 * is, so the US map of the HID Usage Tables' Keyboard/Keypad page (0x07) is the right one
 * (docs/scanners.md §5.1). Enter becomes CR and Tab becomes TAB, so the suffix framer ends messages.
 *
 * GS (0x1D), which a keyboard cannot type, arrives in one of the ways docs/scanners.md §5.1 lists
 * (POS-Center's advice, Shtrih-M's driver test): Ctrl+`]`, the F8 substitute, or Alt+numpad 029.
 */

const MOD_LCTRL = 0x01;
const MOD_LSHIFT = 0x02;
const MOD_LALT = 0x04;
const MOD_RCTRL = 0x10;
const MOD_RSHIFT = 0x20;
const MOD_RALT = 0x40;

const KEY_ERROR_ROLLOVER = 0x01;
const KEY_ENTER = 0x28;
const KEY_TAB = 0x2b;
const KEY_F8 = 0x41;
const KEY_KP_ENTER = 0x58;
const GS = 0x1d;

/** Usage → [unshifted, shifted] on a US layout. */
const US_KEYS = new Map<number, readonly [string, string]>();
for (let i = 0; i < 26; i += 1) {
  const letter = String.fromCharCode(0x61 + i);
  US_KEYS.set(0x04 + i, [letter, letter.toUpperCase()]);
}
'1234567890'.split('').forEach((digit, i) => US_KEYS.set(0x1e + i, [digit, '!@#$%^&*()'[i]!]));
const PUNCTUATION: ReadonlyArray<readonly [number, string, string]> = [
  [0x2c, ' ', ' '],
  [0x2d, '-', '_'],
  [0x2e, '=', '+'],
  [0x2f, '[', '{'],
  [0x30, ']', '}'],
  [0x31, '\\', '|'],
  [0x33, ';', ':'],
  [0x34, "'", '"'],
  [0x35, '`', '~'],
  [0x36, ',', '<'],
  [0x37, '.', '>'],
  [0x38, '/', '?'],
  // Keypad, NumLock on as scanners assume: 0x54 / 0x55 * 0x56 - 0x57 + 0x59–0x61 1–9 0x62 0 0x63 .
  [0x54, '/', '/'],
  [0x55, '*', '*'],
  [0x56, '-', '-'],
  [0x57, '+', '+'],
  [0x63, '.', '.'],
];
for (const [usage, plain, shifted] of PUNCTUATION) US_KEYS.set(usage, [plain, shifted]);

/** Keypad digit usages 0x59–0x61 are 1–9, 0x62 is 0. */
function keypadDigit(usage: number): number | undefined {
  if (usage >= 0x59 && usage <= 0x61) return usage - 0x58;
  if (usage === 0x62) return 0;
  return undefined;
}
for (let usage = 0x59; usage <= 0x62; usage += 1) {
  const digit = String(keypadDigit(usage));
  US_KEYS.set(usage, [digit, digit]);
}

export type KeyboardReportProblem = { kind: 'bad-report'; detail: string };

const reportSchema = z.instanceof(Uint8Array).refine((bytes) => bytes.length === 8 || bytes.length === 9, {
  message: 'a boot keyboard report is 8 bytes (9 with a Report ID)',
});

export type KeyboardReportDecoder = {
  /** The bytes typed by this report (often none: releases and modifier changes type nothing). */
  push(report: unknown): Result<number[], KeyboardReportProblem>;
};

const encoder = new TextEncoder();

/**
 * @param altCodeEncoding code page for Alt+numpad codes above 127 (Windows "Alt mode" sends the
 *   ANSI code page's byte; scanners for Russian retail are set to CP1251).
 */
export function createKeyboardReportDecoder(altCodeEncoding: ScanEncoding): KeyboardReportDecoder {
  let held = new Set<number>();
  let altDigits = '';

  const altCode = (): number[] => {
    const code = Number.parseInt(altDigits, 10) & 0xff;
    altDigits = '';
    if (code < 0x80) return [code];
    return [...encoder.encode(decodeScanBytes(Uint8Array.of(code), altCodeEncoding))];
  };

  return {
    push(input) {
      const parsed = parseUnknown(reportSchema, input);
      if (!parsed.ok) return err({ kind: 'bad-report', detail: parsed.error });
      const report = parsed.value.length === 9 ? parsed.value.subarray(1) : parsed.value;
      const keys = [...report.subarray(2)].filter((usage) => usage !== 0);
      // Phantom state: the keyboard could not tell which keys are down; nothing in it is a press.
      if (keys.includes(KEY_ERROR_ROLLOVER)) return ok([]);

      const modifiers = report[0]!;
      const shift = (modifiers & (MOD_LSHIFT | MOD_RSHIFT)) !== 0;
      const ctrl = (modifiers & (MOD_LCTRL | MOD_RCTRL)) !== 0;
      const alt = (modifiers & (MOD_LALT | MOD_RALT)) !== 0;
      const typed: number[] = [];

      // Alt released after keypad digits: the digits were one character code (the SE capture in
      // docs/scanners.md §5.1 sends all three digits in one report, then a release).
      if (!alt && altDigits !== '') typed.push(...altCode());

      // A key types when it appears, not while it stays down: scanners release between repeats.
      const pressed = keys.filter((usage) => !held.has(usage));
      held = new Set(keys);
      for (const usage of pressed) {
        if (alt) {
          const digit = keypadDigit(usage);
          // Alt with any other key is a menu shortcut, not text.
          if (digit !== undefined) altDigits += String(digit);
          continue;
        }
        if (usage === KEY_ENTER || usage === KEY_KP_ENTER) typed.push(0x0d);
        else if (usage === KEY_TAB) typed.push(0x09);
        else if (usage === KEY_F8) typed.push(GS);
        else {
          const chars = US_KEYS.get(usage);
          if (!chars) continue;
          const char = shift ? chars[1] : chars[0];
          if (ctrl) {
            // Ctrl+letter and Ctrl+[ \ ] ^ _ are the C0 controls (Ctrl+] = GS); other Ctrl keys type nothing.
            const upper = char.toUpperCase().charCodeAt(0);
            if (upper >= 0x40 && upper <= 0x5f) typed.push(upper & 0x1f);
            continue;
          }
          typed.push(char.charCodeAt(0));
        }
      }
      return ok(typed);
    },
  };
}
