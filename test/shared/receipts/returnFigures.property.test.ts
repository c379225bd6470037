import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  returnFigures,
  sumReturned,
  type ReturnableSale,
  type ReturnLine,
} from '../../../shared/domain/saleReturn';

const returnable = (
  totals: number[],
  paidMinor: number,
  pointsEarned: number,
  pointsBurned: number,
): ReturnableSale => ({
  lines: totals.map((totalMinor, i) => ({ lineNo: i + 1, quantityMilli: 3000, totalMinor })),
  paidMinor,
  pointsEarned,
  pointsBurned,
});

describe('return figures', () => {
  it('returning everything in any number of parts gives back exactly what was paid, earned and burned', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1e7 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 500 }),
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }),
        (totals, earned, burned, parts) => {
          const sum = totals.reduce((a, b) => a + b, 0);
          const sale = returnable(totals, sum, earned, burned);
          // Each line is returned in three 1000-milli steps, grouped in `parts` returns.
          const steps: ReturnLine[][] = [[], [], []];
          for (let step = 0; step < 3; step++)
            for (const l of sale.lines) steps[step]!.push({ lineNo: l.lineNo, quantityMilli: 1000 });
          const returns: ReturnLine[][] = parts.length >= 3 ? steps : [steps.flat()];
          const done: { lines: ReturnLine[] }[] = [];
          let refund = 0;
          let back = 0;
          let restored = 0;
          for (const lines of returns) {
            const merged = [...sumReturned([{ lines }]).entries()].map(([lineNo, quantityMilli]) => ({
              lineNo,
              quantityMilli,
            }));
            const f = returnFigures(sale, sumReturned(done), merged);
            if (!f.ok) throw new Error(f.reason);
            expect(f.refundMinor).toBeGreaterThanOrEqual(0);
            refund += f.refundMinor;
            back += f.earnedReversed;
            restored += f.burnedRestored;
            done.push({ lines: merged });
          }
          expect([refund, back, restored]).toEqual([sum, earned, burned]);
        },
      ),
    );
  });

  it('refuses more than remains once earlier returns are counted', () => {
    const sale = returnable([1000], 1000, 0, 0);
    const before = new Map([[1, 2000]]);
    expect(returnFigures(sale, before, [{ lineNo: 1, quantityMilli: 2000 }])).toEqual({
      ok: false,
      reason: 'over_return',
      lineNo: 1,
    });
    expect(returnFigures(sale, before, [{ lineNo: 1, quantityMilli: 1000 }])).toMatchObject({ ok: true });
  });
});
