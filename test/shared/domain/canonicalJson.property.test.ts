import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../shared/domain/canonicalJson';

/**
 * The definition, written the slow obvious way (a re-keyed copy would not do: an engine writes
 * keys that look like integers first, whatever order they were added in).
 */
function reference(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${reference(record[key])}`);
  return `{${members.join(',')}}`;
}

describe('canonical JSON', () => {
  it('is the JSON of the value with every object’s keys sorted as text, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(reference(value));
      }),
      { numRuns: 1000 },
    );
  });

  it('escapes what JSON escapes and keeps what it keeps', () => {
    const text = 'a"b\\c\u0000\u001f\u007f\u2028é😀\ud800x';
    const value = { [text]: text, n: [-0, 1e21, 0.1, NaN, -Infinity], __proto__x: true };
    expect(canonicalJson(value)).toBe(reference(value));
    expect(canonicalJson(JSON.parse('{"__proto__":{"b":1,"a":2}}'))).toBe('{"__proto__":{"a":2,"b":1}}');
  });
});
