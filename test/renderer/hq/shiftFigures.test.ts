import { describe, expect, it } from 'vitest';
import { cashVerdict, tenderRows } from '../../../renderer/hq/shiftFigures';

describe('shift figures for HQ', () => {
  it('calls a negative difference short, a positive one over', () => {
    expect([cashVerdict(-150), cashVerdict(0), cashVerdict(20)]).toEqual(['short', 'even', 'over']);
  });

  it('lines up the Z report and the synced sales per tender, cash first, and marks where they differ', () => {
    expect(tenderRows({ card: 6_000, cash: 21_980 }, { cash: 21_980, card: 5_000, sbp: 100 })).toEqual([
      { method: 'cash', tillMinor: 21_980, serverMinor: 21_980, differs: false },
      { method: 'card', tillMinor: 6_000, serverMinor: 5_000, differs: true },
      { method: 'sbp', tillMinor: 0, serverMinor: 100, differs: true },
    ]);
  });

  it('has nothing to compare against while the shift is open', () => {
    expect(tenderRows(null, { cash: 500 })).toEqual([
      { method: 'cash', tillMinor: null, serverMinor: 500, differs: false },
    ]);
  });
});
