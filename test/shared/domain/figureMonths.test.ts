import { describe, expect, it } from 'vitest';
import { monthSchema, monthsBetween, shiftMonth } from '../../../shared/domain/figureMonths';

describe('months of HQ figures', () => {
  it('steps across year ends both ways', () => {
    expect(shiftMonth('2026-11', 2)).toBe('2027-01');
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2026-12', -11)).toBe('2026-01');
    expect(shiftMonth('2026-05', -36)).toBe('2023-05');
  });

  it('lists every month of a range once, in order, and none for a range that runs backwards', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-03', '2026-03')).toEqual(['2026-03']);
    expect(monthsBetween('2026-04', '2026-03')).toEqual([]);
  });

  it('takes a month only as YYYY-MM', () => {
    for (const ok of ['2026-01', '2026-12', '1999-10']) expect(monthSchema.safeParse(ok).success).toBe(true);
    for (const bad of ['2026-1', '2026-00', '2026-13', '2026-01-01', '26-01', ' 2026-01'])
      expect(monthSchema.safeParse(bad).success).toBe(false);
  });
});
