import type { KeyInput } from '../../../renderer/scanner/keyDecoder';

/**
 * Synthetic key events as a keyboard-wedge scanner or a person produces them: `code` is the
 * physical key of a US keyboard (what the scanner sends), `key` what the active OS layout makes of
 * it. The ЙЦУКЕН table follows docs/scanners.md §5.3 (`]E0` → `ъУ0`, `CARD-00123` → `СФКВ-00123`).
 */

export type Layout = 'us' | 'ru';

const US_SHIFTED_DIGITS = ')!@#$%^&*(';
const RU_SHIFTED_DIGITS = ')!"№;%:?*(';
const PUNCTUATION: Record<string, readonly [string, string]> = {
  Space: [' ', ' '],
  Minus: ['-', '_'],
  Equal: ['=', '+'],
  BracketLeft: ['[', '{'],
  BracketRight: [']', '}'],
  Backslash: ['\\', '|'],
  Semicolon: [';', ':'],
  Quote: ["'", '"'],
  Backquote: ['`', '~'],
  Comma: [',', '<'],
  Period: ['.', '>'],
  Slash: ['/', '?'],
};
const RU_PUNCTUATION: Record<string, readonly [string, string]> = {
  BracketLeft: ['х', 'Х'],
  BracketRight: ['ъ', 'Ъ'],
  Semicolon: ['ж', 'Ж'],
  Quote: ['э', 'Э'],
  Backquote: ['ё', 'Ё'],
  Comma: ['б', 'Б'],
  Period: ['ю', 'Ю'],
  Slash: ['.', ','],
  Backslash: ['\\', '/'],
};
const RU_LETTERS: Record<string, string> = {
  q: 'й',
  w: 'ц',
  e: 'у',
  r: 'к',
  t: 'е',
  y: 'н',
  u: 'г',
  i: 'ш',
  o: 'щ',
  p: 'з',
  a: 'ф',
  s: 'ы',
  d: 'в',
  f: 'а',
  g: 'п',
  h: 'р',
  j: 'о',
  k: 'л',
  l: 'д',
  z: 'я',
  x: 'ч',
  c: 'с',
  v: 'м',
  b: 'и',
  n: 'т',
  m: 'ь',
};

/** The US key and Shift state that types `char`. */
export function usKeyFor(char: string): { code: string; shift: boolean } {
  if (/^[a-z]$/.test(char)) return { code: `Key${char.toUpperCase()}`, shift: false };
  if (/^[A-Z]$/.test(char)) return { code: `Key${char}`, shift: true };
  if (/^[0-9]$/.test(char)) return { code: `Digit${char}`, shift: false };
  const shiftedDigit = US_SHIFTED_DIGITS.indexOf(char);
  if (shiftedDigit >= 0) return { code: `Digit${shiftedDigit}`, shift: true };
  for (const [code, [plain, shifted]] of Object.entries(PUNCTUATION)) {
    if (char === plain) return { code, shift: false };
    if (char === shifted) return { code, shift: true };
  }
  throw new Error(`no US key types ${JSON.stringify(char)}`);
}

/** What `key` says for a US key under the given layout. */
export function keyUnder(layout: Layout, code: string, shift: boolean): string {
  const letter = /^Key([A-Z])$/.exec(code)?.[1]?.toLowerCase();
  const digit = /^Digit([0-9])$/.exec(code)?.[1];
  if (letter !== undefined) {
    const typed = layout === 'ru' ? RU_LETTERS[letter]! : letter;
    return shift ? typed.toUpperCase() : typed;
  }
  if (digit !== undefined)
    return shift ? (layout === 'ru' ? RU_SHIFTED_DIGITS : US_SHIFTED_DIGITS).charAt(Number(digit)) : digit;
  const pair = (layout === 'ru' ? RU_PUNCTUATION[code] : undefined) ?? PUNCTUATION[code];
  if (pair === undefined) throw new Error(`no key for ${code}`);
  return shift ? pair[1] : pair[0];
}

export type KeyOptions = { layout?: Layout; ctrl?: boolean; alt?: boolean };

export function key(code: string, key: string, timeStamp: number, options: Partial<KeyInput> = {}): KeyInput {
  return { key, code, shiftKey: false, ctrlKey: false, altKey: false, metaKey: false, timeStamp, ...options };
}

/** Keydowns typing `text` from `start`, `gap` ms apart (a number or one gap per following key). */
export function typeText(
  text: string,
  start: number,
  gap: number | readonly number[],
  layout: Layout = 'us',
): KeyInput[] {
  let at = start;
  return [...text].map((char, i) => {
    if (i > 0) at += typeof gap === 'number' ? gap : (gap[i - 1] ?? 0);
    const { code, shift } = usKeyFor(char);
    return key(code, keyUnder(layout, code, shift), at, { shiftKey: shift });
  });
}

export function enter(timeStamp: number): KeyInput {
  return key('Enter', 'Enter', timeStamp);
}

export function lastTime(keys: readonly KeyInput[]): number {
  return keys.at(-1)?.timeStamp ?? 0;
}
