import { z } from 'zod';
import { currencyCode, nonNegativeMinor } from './money';
import { UUID_V7 } from './uuidv7';

const id = z.string().min(1).max(64);
const uuid7 = z.string().regex(UUID_V7, 'a UUIDv7');
const wallTime = z.iso.datetime({ offset: true });

/** `shift.open` v1: a cashier starts a shift on a till with the cash counted into the drawer. */
export const shiftOpenSchema = z.object({
  shiftId: uuid7,
  cashierId: id,
  currency: currencyCode,
  openingCashMinor: nonNegativeMinor,
  /** The till's clock: shown on the reports, never used for order. */
  wallTime,
});

/** `cash.move` v1: cash put into or taken out of the drawer outside a sale, with its reason. */
export const cashMoveSchema = z.object({
  moveId: uuid7,
  shiftId: uuid7,
  cashierId: id,
  direction: z.enum(['in', 'out']),
  amountMinor: nonNegativeMinor.refine((n) => n > 0, 'more than zero'),
  reason: z.string().trim().min(1).max(200),
  wallTime,
});

/**
 * The figures of an X report (running) or a Z report (at close), as the till computed them from
 * what it recorded in the shift. Payment methods are keyed by name so new methods need no change.
 */
export const shiftFiguresSchema = z.object({
  salesCount: z.number().int().nonnegative(),
  salesTotalMinor: nonNegativeMinor,
  /** Money taken per payment method, net of change given. */
  byMethod: z.record(z.string().min(1).max(32), nonNegativeMinor),
  returnsCount: z.number().int().nonnegative(),
  returnsTotalMinor: nonNegativeMinor,
  /**
   * Money refunded per payment method. Added to version 1 as optional: reports of tills from
   * before returns were counted in a shift have none (and no returns).
   */
  returnsByMethod: z.record(z.string().min(1).max(32), nonNegativeMinor).optional(),
  cashInMinor: nonNegativeMinor,
  cashOutMinor: nonNegativeMinor,
  /** Opening cash + cash taken − cash refunded + cash in − cash out. May be negative on paper. */
  expectedCashMinor: z.number().int(),
});
export type ShiftFigures = z.infer<typeof shiftFiguresSchema>;

/** `shift.close` v1: the Z report. The difference is counted − expected, checked here. */
export const shiftCloseSchema = z
  .object({
    shiftId: uuid7,
    cashierId: id,
    countedCashMinor: nonNegativeMinor,
    figures: shiftFiguresSchema,
    differenceMinor: z.number().int(),
    wallTime,
  })
  .refine((c) => c.differenceMinor === c.countedCashMinor - c.figures.expectedCashMinor, {
    path: ['differenceMinor'],
    message: 'difference ≠ counted − expected',
  });

export type ShiftOpen = z.infer<typeof shiftOpenSchema>;
export type CashMove = z.infer<typeof cashMoveSchema>;
export type ShiftClose = z.infer<typeof shiftCloseSchema>;
