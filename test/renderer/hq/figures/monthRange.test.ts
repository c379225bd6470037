import { describe, expect, it } from 'vitest';
import { moveEnd } from '../../../../renderer/hq/figures/monthRange';

describe('moving an end of the figures range', () => {
  const year = { from: '2026-01', to: '2026-12' };

  it('moves one end and leaves the other where it was', () => {
    expect(moveEnd(year, 'from', '2026-03')).toEqual({ from: '2026-03', to: '2026-12' });
    expect(moveEnd(year, 'to', '2026-06')).toEqual({ from: '2026-01', to: '2026-06' });
  });

  it('drags the other end along when one passes it', () => {
    expect(moveEnd(year, 'from', '2027-02')).toEqual({ from: '2027-02', to: '2027-02' });
    expect(moveEnd(year, 'to', '2025-11')).toEqual({ from: '2025-11', to: '2025-11' });
  });

  it('keeps the range within 36 months, the most the server answers', () => {
    expect(moveEnd(year, 'from', '2020-01')).toEqual({ from: '2020-01', to: '2022-12' });
    expect(moveEnd(year, 'to', '2030-05')).toEqual({ from: '2027-06', to: '2030-05' });
  });

  it('ignores what a month input gives while it is being typed or cleared', () => {
    for (const partial of ['', '2026', '2026-1', '0000-13']) expect(moveEnd(year, 'to', partial)).toBe(year);
  });
});
