/**
 * What a keyboard-wedge scanner meant by one key press. Scanners send HID usages for a US layout
 * whatever layout the OS has active, so the character is rebuilt from `KeyboardEvent.code` (the
 * physical key, "not altered by keyboard layout or the state of the modifier keys": UI Events
 * KeyboardEvent code values) plus Shift, through the US map of the HID Usage Tables' Keyboard/Keypad
 * page (docs/scanners.md §5.1 and §5.3). `key` is only a fallback for events without a code, with
 * a reverse ЙЦУКЕН table for Cyrillic letters (docs/scanners.md §5.3).
 */

/** The fields of a KeyboardEvent the detector reads; synthetic in tests, copied from the DOM otherwise. */
export type KeyInput = {
  readonly key: string;
  readonly code: string;
  readonly shiftKey: boolean;
  readonly ctrlKey: boolean;
  readonly altKey: boolean;
  readonly metaKey: boolean;
  readonly isComposing?: boolean;
  readonly repeat?: boolean;
  /** `event.timeStamp`: the time the key was dispatched, so a busy renderer does not stretch bursts. */
  readonly timeStamp: number;
};

export type DecodedKey =
  | { readonly kind: 'char'; readonly char: string }
  /** One of the ways a keyboard scanner types GS (0x1D), which no key produces. */
  | { readonly kind: 'gs' }
  | { readonly kind: 'suffix'; readonly suffix: 'Enter' | 'Tab' }
  /** Alt held with a keypad digit: one digit of an Alt+numpad character code. */
  | { readonly kind: 'alt-digit'; readonly digit: string }
  /** Shift, Ctrl and the like on their own: neither text nor a break in a burst. */
  | { readonly kind: 'modifier' }
  /** IME composition, auto-repeat, `Unidentified`/`Process`: not evidence either way. */
  | { readonly kind: 'ignored' }
  /** Anything else (arrows, Backspace, shortcuts): a person is at the keyboard. */
  | { readonly kind: 'other' };

export const GS = '\x1d';

/** code → [unshifted, shifted] on a US layout. */
const US_BY_CODE = new Map<string, readonly [string, string]>();
for (let i = 0; i < 26; i += 1) {
  const letter = String.fromCharCode(0x61 + i);
  US_BY_CODE.set(`Key${letter.toUpperCase()}`, [letter, letter.toUpperCase()]);
}
'1234567890'
  .split('')
  .forEach((digit, i) => US_BY_CODE.set(`Digit${digit}`, [digit, '!@#$%^&*()'.charAt(i)]));
const PUNCTUATION: ReadonlyArray<readonly [string, string, string]> = [
  ['Space', ' ', ' '],
  ['Minus', '-', '_'],
  ['Equal', '=', '+'],
  ['BracketLeft', '[', '{'],
  ['BracketRight', ']', '}'],
  ['Backslash', '\\', '|'],
  ['Semicolon', ';', ':'],
  ['Quote', "'", '"'],
  ['Backquote', '`', '~'],
  ['Comma', ',', '<'],
  ['Period', '.', '>'],
  ['Slash', '/', '?'],
  // Keypad with NumLock on, as scanners assume; Shift does not change these (docs/scanners.md §5.3).
  ['NumpadDivide', '/', '/'],
  ['NumpadMultiply', '*', '*'],
  ['NumpadSubtract', '-', '-'],
  ['NumpadAdd', '+', '+'],
  ['NumpadDecimal', '.', '.'],
];
for (const [code, plain, shifted] of PUNCTUATION) US_BY_CODE.set(code, [plain, shifted]);
for (let digit = 0; digit <= 9; digit += 1) US_BY_CODE.set(`Numpad${digit}`, [String(digit), String(digit)]);

// ЙЦУКЕН → the US character on the same key, for events that carry a Cyrillic `key` but no `code`.
// Letters only (and №): Russian punctuation sits on keys whose US meaning is ambiguous without a code.
const RU_LOWER = 'ёйцукенгшщзхъфывапролджэячсмитьбю';
const US_LOWER = "`qwertyuiop[]asdfghjkl;'zxcvbnm,.";
const US_UPPER = '~QWERTYUIOP{}ASDFGHJKL:"ZXCVBNM<>';
const RU_TO_US = new Map<string, string>([['№', '#']]);
for (let i = 0; i < RU_LOWER.length; i += 1) {
  RU_TO_US.set(RU_LOWER.charAt(i), US_LOWER.charAt(i));
  RU_TO_US.set(RU_LOWER.charAt(i).toUpperCase(), US_UPPER.charAt(i));
}

const MODIFIERS = new Set([
  'Shift',
  'Control',
  'Alt',
  'AltGraph',
  'Meta',
  'CapsLock',
  'NumLock',
  'ScrollLock',
  'Fn',
  'OS',
]);
const MODIFIER_CODES = /^(Shift|Control|Alt|Meta|OS)(Left|Right)$|^(CapsLock|NumLock|ScrollLock|Fn)$/;

export type DecodeOptions = {
  /** F8 stands for GS: the substitute Shtrih-M's driver test and POS-Center's advice use (docs/scanners.md §5.1). */
  readonly f8IsGs: boolean;
};

function isPrintableAscii(key: string): boolean {
  return key.length === 1 && key >= ' ' && key <= '~';
}

/**
 * Decodes one keydown.
 *
 * @example decodeKey({ key: 'ф', code: 'KeyA', shiftKey: false, ... }).char // 'a' under ЙЦУКЕН
 * @example decodeKey({ key: 'ъ', code: 'BracketRight', ctrlKey: true, ... }).kind // 'gs' (Ctrl+])
 */
export function decodeKey(event: KeyInput, options: DecodeOptions): DecodedKey {
  if (event.isComposing === true || event.repeat === true) return { kind: 'ignored' };
  if (event.key === 'Unidentified' || event.key === 'Process' || event.key === 'Dead')
    return { kind: 'ignored' };
  if (MODIFIERS.has(event.key) || MODIFIER_CODES.test(event.code)) return { kind: 'modifier' };

  // GS: Ctrl+] is ASCII's own control code for 0x1D (report `01 00 30 …`, docs/scanners.md §5.1); some
  // platforms name the resulting key GroupSeparator or deliver the control character itself.
  if (event.key === GS || event.key === 'GroupSeparator') return { kind: 'gs' };
  if (event.ctrlKey && !event.altKey && !event.metaKey) {
    if (event.code === 'BracketRight' || (event.code === '' && (event.key === ']' || event.key === 'ъ'))) {
      return { kind: 'gs' };
    }
    return { kind: 'other' };
  }
  if (options.f8IsGs && (event.code === 'F8' || (event.code === '' && event.key === 'F8')))
    return { kind: 'gs' };
  if (event.metaKey || event.ctrlKey) return { kind: 'other' };
  if (event.altKey) {
    // Alt-mode scanners type every character as Alt + three keypad digits (docs/scanners.md §5.1).
    const digit = /^Numpad([0-9])$/.exec(event.code)?.[1];
    return digit === undefined ? { kind: 'other' } : { kind: 'alt-digit', digit };
  }

  if (event.key === 'Enter' || event.code === 'Enter' || event.code === 'NumpadEnter') {
    return { kind: 'suffix', suffix: 'Enter' };
  }
  if (event.key === 'Tab' || event.code === 'Tab')
    return event.shiftKey ? { kind: 'other' } : { kind: 'suffix', suffix: 'Tab' };

  const us = US_BY_CODE.get(event.code);
  if (us !== undefined) return { kind: 'char', char: event.shiftKey ? us[1] : us[0] };
  if (event.code === '' || event.code === 'Unidentified') {
    if (isPrintableAscii(event.key)) return { kind: 'char', char: event.key };
    const fromRussian = RU_TO_US.get(event.key);
    if (fromRussian !== undefined) return { kind: 'char', char: fromRussian };
  }
  return { kind: 'other' };
}

/**
 * The character of a finished Alt+numpad code, or undefined when it is not one the till can use.
 * Only ASCII is accepted: codes above 127 depend on the OS code page (CP866 or CP1251 on Russian
 * Windows), which the browser does not tell.
 */
export function altCodeChar(digits: string): string | undefined {
  if (!/^[0-9]{1,4}$/.test(digits)) return undefined;
  const code = Number(digits);
  if (code === 0x1d) return GS;
  return code >= 0x20 && code <= 0x7e ? String.fromCharCode(code) : undefined;
}
