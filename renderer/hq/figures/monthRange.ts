import { FIGURES_MONTHS_MAX, monthSchema, shiftMonth } from '../../../shared/domain/figureMonths';

export type MonthRange = { from: string; to: string };

/**
 * The range after one end is moved to `month`: an end moved past the other, or more than the
 * span the server answers away from it, drags the other along, so the range asked for is always
 * one the server takes. A month the input could not read leaves the range as it was.
 */
export function moveEnd(range: MonthRange, end: 'from' | 'to', month: string): MonthRange {
  if (!monthSchema.safeParse(month).success) return range;
  const span = FIGURES_MONTHS_MAX - 1;
  if (end === 'from') {
    const latest = shiftMonth(month, span);
    return { from: month, to: range.to < month ? month : range.to > latest ? latest : range.to };
  }
  const earliest = shiftMonth(month, -span);
  return { from: range.from > month ? month : range.from < earliest ? earliest : range.from, to: month };
}
