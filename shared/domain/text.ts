import { z } from 'zod';

/**
 * C0 and C1 control characters, DEL, and UTF-16 halves without their partner (with the `u` flag a
 * surrogate range matches only unpaired halves). None of them is
 * text a person typed: NUL cannot be stored in a PostgreSQL text column at all, the others break
 * receipts, logs and CSV exports, and a lone surrogate is silently replaced on the way to UTF-8.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NOT_PLAIN = /[\u0000-\u001f\u007f-\u009f\ud800-\udfff]/u;

/**
 * Where the first character that is not plain text sits, or -1.
 *
 * @example firstNonPlainCharacter('A-12\u0000') // 4
 */
export function firstNonPlainCharacter(value: string): number {
  const match = NOT_PLAIN.exec(value);
  return match ? match.index : -1;
}

/** `U+0000`, for messages that must name a character nobody can see. */
export function codePointLabel(value: string, index: number): string {
  const code = value.codePointAt(index) ?? 0;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * A string of plain text: `min`–`max` characters, no control characters, no lone surrogates.
 *
 * @example plainText(40).safeParse('R-1\u0000').success // false
 */
export function plainText(max: number, min = 1) {
  return z
    .string()
    .min(min)
    .max(max)
    .superRefine((value, ctx) => {
      const at = firstNonPlainCharacter(value);
      if (at >= 0) {
        ctx.addIssue({
          code: 'custom',
          message: `control character ${codePointLabel(value, at)} at position ${at} is not allowed`,
        });
      }
    });
}
