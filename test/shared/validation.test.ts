import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseJsonText, parseUnknown } from '../../shared/validation';

const order = z.object({
  id: z.string(),
  lines: z.array(z.object({ qty: z.number().int().positive() })),
});

describe('parseUnknown', () => {
  it('returns the typed value when it fits', () => {
    expect(parseUnknown(order, { id: 'a', lines: [{ qty: 2 }] })).toEqual({
      ok: true,
      value: { id: 'a', lines: [{ qty: 2 }] },
    });
  });

  it('names every wrong field by its path', () => {
    const parsed = parseUnknown(order, { id: 7, lines: [{ qty: 1 }, { qty: -1 }] });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues.map((i) => i.path)).toEqual(['id', 'lines[1].qty']);
    expect(parsed.error.split('\n')).toHaveLength(2);
    expect(parsed.error).toMatch(/^id: .*string/m);
    expect(parsed.error).toMatch(/^lines\[1\]\.qty: /m);
  });

  it('says (root) when the value itself is wrong', () => {
    const parsed = parseUnknown(order, null);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(/^\(root\): /);
  });
});

describe('parseJsonText', () => {
  it('parses and checks JSON text', () => {
    expect(parseJsonText(order, '{"id":"x","lines":[]}')).toEqual({
      ok: true,
      value: { id: 'x', lines: [] },
    });
  });

  it('turns text that is not JSON into an error, not an exception', () => {
    const parsed = parseJsonText(order, '{"id":');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toMatch(/^\(root\): not JSON/);
    expect(parsed.notJson).toBe(true);
    expect(parseJsonText(order, '{"id":1}')).toMatchObject({ ok: false, notJson: false });
  });
});
