import { assertNever } from './assertNever';
import { hasValidGs1CheckDigit } from './checkDigits';
import type { Gs1AiDefinition, Gs1Charset, Gs1Component } from './gs1AiTable';
import { findAiAt, GS1_AI_TABLE } from './gs1AiTable';
import { isGs1Time, parseGs1Date } from './gs1Values';

/**
 * ASCII group separator (0x1D): how a reader transmits every FNC1 after the first, which marks the
 * end of a variable-length field (GS1 General Specifications §7.8).
 */
export const GS = '\u001d';

export type Gs1Element = { readonly ai: string; readonly value: string };

export type Gs1ErrorCode =
  | 'empty'
  | 'unknown_ai'
  | 'truncated'
  | 'too_long'
  | 'bad_charset'
  | 'bad_check_digit'
  | 'bad_date'
  | 'bad_time';

export type Gs1Error = {
  readonly code: Gs1ErrorCode;
  /** Where in the element string (after any AIM identifier) the problem starts. */
  readonly offset: number;
  readonly ai: string | undefined;
};

export type Gs1ParseResult =
  | { readonly ok: true; readonly elements: readonly Gs1Element[] }
  | { readonly ok: false; readonly error: Gs1Error };

// GS1 General Specifications §7.11, Figure 7.11-1 (character set 82) and Figure 7.11-2 (set 39).
const CHARSETS: Readonly<Record<Gs1Charset, RegExp>> = {
  N: /^[0-9]*$/,
  X: /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]*$/,
  Y: /^[#\-/0-9A-Z]*$/,
};

function checkComponent(component: Gs1Component, part: string): Gs1ErrorCode | undefined {
  if (!CHARSETS[component.charset].test(part)) return 'bad_charset';
  switch (component.linter) {
    case undefined:
      return undefined;
    case 'csum':
      return hasValidGs1CheckDigit(part) ? undefined : 'bad_check_digit';
    case 'yymmd0':
      return parseGs1Date(part, true) === undefined ? 'bad_date' : undefined;
    case 'yymmdd':
      return parseGs1Date(part, false) === undefined ? 'bad_date' : undefined;
    case 'hhmm':
      return isGs1Time(part) ? undefined : 'bad_time';
    default:
      return assertNever(component.linter);
  }
}

/** Checks a value against its AI's components: fixed parts first, an optional or variable part last. */
function checkValue(definition: Gs1AiDefinition, value: string): Gs1ErrorCode | undefined {
  if (value.length > definition.maxLength) return 'too_long';
  let position = 0;
  const { components } = definition;
  for (let i = 0; i < components.length; i++) {
    const component = components[i];
    if (component === undefined) break;
    const remaining = value.length - position;
    if (component.optional && remaining === 0) return undefined;
    const isLast = i === components.length - 1;
    const length = isLast ? remaining : component.max;
    if (length < component.min || remaining < length) return 'truncated';
    if (length > component.max) return 'too_long';
    const problem = checkComponent(component, value.slice(position, position + length));
    if (problem !== undefined) return problem;
    position += length;
  }
  return position === value.length ? undefined : 'too_long';
}

/**
 * Validates one AI and its value: known AI, length, character set, check digit, date.
 *
 * @example validateGs1Element({ ai: '01', value: '09506000134352' }) // undefined (valid)
 * @example validateGs1Element({ ai: '17', value: '201332' }) // 'bad_date'
 */
export function validateGs1Element(element: Gs1Element): Gs1ErrorCode | undefined {
  const definition = GS1_AI_TABLE.get(element.ai);
  if (definition === undefined) return 'unknown_ai';
  return checkValue(definition, element.value);
}

/**
 * Splits a GS1 element string as a scanner transmits it (FNC1 → GS, AIM identifier already
 * removed) into AIs and values, validating each. A leading GS (FNC1 in first position sent as a
 * character) and a GS after a predefined-length AI are tolerated. Algorithm per GS1 General
 * Specifications §7.8: predefined-length AIs take their fixed length, others run to the next GS.
 * Never throws.
 *
 * @example parseGs1ElementString('01095060001343521720122510ABC123')
 * // { ok: true, elements: [{ ai: '01', value: '09506000134352' }, { ai: '17', value: '201225' }, { ai: '10', value: 'ABC123' }] }
 */
export function parseGs1ElementString(data: string): Gs1ParseResult {
  const elements: Gs1Element[] = [];
  let i = 0;
  while (i < data.length) {
    if (data.charAt(i) === GS) {
      i++;
      continue;
    }
    const definition = findAiAt(data, i);
    if (definition === undefined) return fail('unknown_ai', i, undefined);
    const start = i + definition.ai.length;
    let end: number;
    if (definition.fixedLength !== undefined) {
      end = start + definition.fixedLength;
      if (end > data.length) return fail('truncated', start, definition.ai);
    } else {
      const separator = data.indexOf(GS, start);
      end = separator < 0 ? data.length : separator;
    }
    const value = data.slice(start, end);
    const problem = checkValue(definition, value);
    if (problem !== undefined) return fail(problem, start, definition.ai);
    elements.push({ ai: definition.ai, value });
    i = end;
  }
  if (elements.length === 0) return fail('empty', 0, undefined);
  return { ok: true, elements };
}

function fail(code: Gs1ErrorCode, offset: number, ai: string | undefined): Gs1ParseResult {
  return { ok: false, error: { code, offset, ai } };
}

/**
 * Builds the transmitted form of an element string: AIs and values concatenated, with a GS after
 * every element that is not in the predefined-length table, except the last. Throws a RangeError
 * for an element that would not parse back, since issuing such a code is a bug.
 *
 * @example formatGs1ElementString([{ ai: '01', value: '09506000134352' }, { ai: '10', value: 'AB' }, { ai: '21', value: '7' }])
 * // '0109506000134352' + '10AB' + GS + '217'
 */
export function formatGs1ElementString(
  elements: readonly Gs1Element[],
  options: { readonly leadingGs?: boolean } = {},
): string {
  if (elements.length === 0) throw new RangeError('A GS1 element string needs at least one element');
  let out = options.leadingGs === true ? GS : '';
  elements.forEach((element, index) => {
    const problem = validateGs1Element(element);
    if (problem !== undefined)
      throw new RangeError(`AI (${element.ai}) ${JSON.stringify(element.value)}: ${problem}`);
    out += element.ai + element.value;
    const definition = GS1_AI_TABLE.get(element.ai);
    if (index < elements.length - 1 && definition?.predefinedLength !== true) out += GS;
  });
  return out;
}

/**
 * The human-readable interpretation printed under a symbol, AIs in parentheses.
 *
 * @example formatGs1Hri([{ ai: '01', value: '09506000134352' }, { ai: '17', value: '201225' }]) // '(01)09506000134352(17)201225'
 */
export function formatGs1Hri(elements: readonly Gs1Element[]): string {
  return elements.map((element) => `(${element.ai})${element.value}`).join('');
}

/**
 * The value of the first element with this AI, if any.
 *
 * @example gs1Value([{ ai: '21', value: 'ABC' }], '21') // 'ABC'
 */
export function gs1Value(elements: readonly Gs1Element[], ai: string): string | undefined {
  return elements.find((element) => element.ai === ai)?.value;
}
