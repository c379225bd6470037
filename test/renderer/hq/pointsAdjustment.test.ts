import { describe, expect, it } from 'vitest';
import { checkAdjustment, suggestedPoints } from '../../../renderer/hq/pointsAdjustment';

describe('points adjustments as typed', () => {
  it('suggests what brings an overdrawn balance back to zero', () => {
    expect([suggestedPoints(-193), suggestedPoints(0), suggestedPoints(40), suggestedPoints(null)]).toEqual([
      193,
      null,
      null,
      null,
    ]);
  });

  it('takes a signed whole number and a reason', () => {
    expect(checkAdjustment({ points: '+193', reason: ' spent twice offline ' })).toEqual({
      ok: true,
      points: 193,
      reason: 'spent twice offline',
    });
    expect(checkAdjustment({ points: '−25', reason: 'goodwill back' })).toEqual({
      ok: true,
      points: -25,
      reason: 'goodwill back',
    });
  });

  it('refuses zero, fractions, words and a missing reason', () => {
    for (const points of ['0', '1.5', 'ten', '', '99999999999'])
      expect(checkAdjustment({ points, reason: 'a reason' })).toEqual({ ok: false, field: 'points' });
    expect(checkAdjustment({ points: '5', reason: ' x ' })).toEqual({ ok: false, field: 'reason' });
  });
});
