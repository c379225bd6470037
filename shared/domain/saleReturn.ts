import { z } from 'zod';
import { nonNegativeMinor } from './money';
import type { Sale } from './sale';
import { plainText } from './text';
import { UUID_V7 } from './uuidv7';

export const returnLineSchema = z.object({
  /** The line of the original sale. */
  lineNo: z.number().int().positive(),
  /** Thousandths of a unit, at most what is still returnable of that line. */
  quantityMilli: z.number().int().positive().max(1_000_000_000),
});

export const returnRefundSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('cash'), amountMinor: nonNegativeMinor }),
]);

/**
 * A full or partial return of one sale (`return.record`, schema version 1), recorded offline like a
 * sale. The refund is not free: it must equal `returnFigures` of the sale, so a till and the server
 * compute the same money and the same points back (docs/sync-protocol.md §12).
 */
export const saleReturnSchema = z
  .object({
    returnId: z.string().regex(UUID_V7, 'a UUIDv7'),
    /** The sale returned; a return's own id here is refused (`return_of_return`). */
    saleId: z.string().regex(UUID_V7, 'a UUIDv7'),
    lines: z.array(returnLineSchema).min(1).max(500),
    refunds: z.array(returnRefundSchema).min(1).max(10),
    refundMinor: nonNegativeMinor,
    reason: plainText(200),
    /** The till's clock: printed, never used for order. */
    wallTime: z.iso.datetime({ offset: true }),
    /**
     * Who gave the money back and in which shift, so the shift's X and Z reports count it, and
     * the manager whose PIN approved it (docs/operations.md §14). Added to version 1 as optional:
     * returns queued before have none.
     */
    cashierId: z.string().min(1).max(64).optional(),
    shiftId: z.string().regex(UUID_V7, 'a UUIDv7').optional(),
    approvedBy: z.string().min(1).max(64).optional(),
  })
  .superRefine((ret, ctx) => {
    const lineNos = ret.lines.map((l) => l.lineNo);
    if (new Set(lineNos).size !== lineNos.length)
      ctx.addIssue({ code: 'custom', path: ['lines'], message: 'a line appears twice in one return' });
    const refunded = ret.refunds.reduce((sum, r) => sum + r.amountMinor, 0);
    if (refunded !== ret.refundMinor)
      ctx.addIssue({ code: 'custom', path: ['refunds'], message: 'refunds ≠ refund total' });
  });

export type SaleReturn = z.infer<typeof saleReturnSchema>;
export type ReturnLine = z.infer<typeof returnLineSchema>;

/** Quantities already returned, by line number of the original sale. */
export type ReturnedQuantities = ReadonlyMap<number, number>;

export type ReturnFigures =
  | {
      ok: true;
      /** Money back: this return's share of what the customer paid (the points part excluded). */
      refundMinor: number;
      /** Of the points the sale earned, those this return takes back. */
      earnedReversed: number;
      /** Of the points the sale burned, those this return gives back. */
      burnedRestored: number;
    }
  | { ok: false; reason: 'unknown_line' | 'over_return'; lineNo: number };

/** Sums quantities returned by line, over any number of returns. */
export function sumReturned(returns: ReadonlyArray<{ lines: readonly ReturnLine[] }>): Map<number, number> {
  const sum = new Map<number, number>();
  for (const r of returns)
    for (const l of r.lines) sum.set(l.lineNo, (sum.get(l.lineNo) ?? 0) + l.quantityMilli);
  return sum;
}

/** What of a sale a return is measured against: its lines, what was paid, what points did. */
export type ReturnableSale = {
  lines: ReadonlyArray<{ lineNo: number; quantityMilli: number; totalMinor: number }>;
  /** What the payments brought: the sale's total less the part its points paid. */
  paidMinor: number;
  pointsBurned: number;
  pointsEarned: number;
};

/** The figures of a recorded sale a return needs, as the till has them. */
export function returnableOf(sale: Sale): ReturnableSale {
  return {
    lines: sale.lines,
    paidMinor: sale.totalMinor - (sale.loyalty?.burnValueMinor ?? 0),
    pointsBurned: sale.loyalty?.pointsBurned ?? 0,
    pointsEarned: sale.loyalty?.pointsEarned ?? 0,
  };
}

/**
 * What a return gives back, on the till and on the server alike. Every figure is a cumulative share
 * of the sale, rounded down, minus the same share before this return: partial returns never give
 * back a minor unit or a point more than the sale had, and returning everything gives back exactly
 * what was paid, earned and burned, whatever the order of the partial returns.
 *
 * @example returnFigures(returnableOf(sale), new Map(), [{ lineNo: 1, quantityMilli: 1000 }])
 */
export function returnFigures(
  sale: ReturnableSale,
  before: ReturnedQuantities,
  lines: readonly ReturnLine[],
): ReturnFigures {
  const after = new Map(before);
  for (const l of lines) {
    const sold = sale.lines.find((s) => s.lineNo === l.lineNo);
    if (!sold) return { ok: false, reason: 'unknown_line', lineNo: l.lineNo };
    const total = (after.get(l.lineNo) ?? 0) + l.quantityMilli;
    if (total > sold.quantityMilli) return { ok: false, reason: 'over_return', lineNo: l.lineNo };
    after.set(l.lineNo, total);
  }
  const linesSum = sale.lines.reduce((sum, l) => sum + l.totalMinor, 0);
  const value = (returned: ReturnedQuantities) =>
    sale.lines.reduce(
      (sum, l) => sum + Math.floor((l.totalMinor * (returned.get(l.lineNo) ?? 0)) / l.quantityMilli),
      0,
    );
  const share = (whole: number, returned: ReturnedQuantities) =>
    linesSum === 0 ? (value(returned) === 0 ? 0 : whole) : Math.floor((whole * value(returned)) / linesSum);
  const allBack = sale.lines.every((l) => (after.get(l.lineNo) ?? 0) === l.quantityMilli);
  const delta = (whole: number) => (allBack ? whole : share(whole, after)) - share(whole, before);
  return {
    ok: true,
    refundMinor: delta(sale.paidMinor),
    earnedReversed: delta(sale.pointsEarned),
    burnedRestored: delta(sale.pointsBurned),
  };
}
