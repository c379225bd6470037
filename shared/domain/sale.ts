import { z } from 'zod';
import { currencyCode, lineTotal, minorUnits, nonNegativeMinor } from './money';
import { UUID_V7 } from './uuidv7';
import { LINK_CODE_ALPHABET, LINK_CODE_LENGTH, normalizeLinkCode } from '../barcode/serverCodes';

export const saleLineSchema = z.object({
  lineNo: z.number().int().positive(),
  productId: z.string().min(1).max(64),
  gtin: z.string().regex(/^\d{8,14}$/),
  name: z.string().min(1).max(200),
  /** Thousandths of a unit: 1000 = one piece, 1250 = 1.250 kg. */
  quantityMilli: z.number().int().positive().max(1_000_000_000),
  unitPriceMinor: nonNegativeMinor,
  totalMinor: nonNegativeMinor,
  /**
   * The marking code (Chestny ZNAK / GS1 DataMatrix) of the one unit this line sells, byte-exact
   * with its GS separators and without the scanner's AIM prefix. Added to version 1 as optional,
   * so queues written before it still validate.
   */
  markingCode: z
    .string()
    .min(1)
    .max(300)
    // eslint-disable-next-line no-control-regex -- GS (0x1D) is the GS1 separator marking codes carry
    .regex(/^[\x1d\x20-\x7e]+$/, 'printable ASCII and GS only')
    .optional(),
  /**
   * The VAT rate the line was sold at, in basis points (2000 = 20 %), printed on the receipt and
   * kept for a fiscal adapter. Added to version 1 as optional: a line without it was sold at the
   * chain's default rate (docs/sync-protocol.md §12).
   */
  vatRateBp: z.number().int().min(0).max(10_000).optional(),
  /**
   * What the quantity counts: pieces, or kilograms for goods sold by weight. A receipt prints it
   * ("0.750 kg × 120.00/kg") and a fiscal adapter registers it as the line's measure. Added to
   * version 1 as optional: a line without it counts pieces.
   */
  unit: z.enum(['piece', 'kg']).optional(),
});

/**
 * A receipt link code in its canonical form (`shared/barcode/serverCodes.ts`): ten Crockford
 * base32 symbols, the last a check symbol.
 */
export const linkCodeSchema = z
  .string()
  .length(LINK_CODE_LENGTH)
  .regex(new RegExp(`^[${LINK_CODE_ALPHABET}]+$`), 'canonical Crockford base32')
  .refine((code) => normalizeLinkCode(code) === code, 'wrong check symbol');

export const cashPaymentSchema = z.object({
  method: z.literal('cash'),
  amountMinor: nonNegativeMinor,
  tenderedMinor: nonNegativeMinor,
  changeMinor: nonNegativeMinor,
});

/**
 * A payment on the store's card terminal, which is not connected to the till: the cashier types
 * the reference (or approval code) the terminal printed, so the slip and the sale can be matched.
 * Added to version 1 as a new union member; cash payments are unchanged.
 */
export const cardPaymentSchema = z.object({
  method: z.literal('card'),
  amountMinor: nonNegativeMinor.positive(),
  reference: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[\x20-\x7e]+$/, 'printable ASCII'),
});

export const salePaymentSchema = z.discriminatedUnion('method', [cashPaymentSchema, cardPaymentSchema]);

/**
 * What loyalty did to a sale, as the till priced it with `shared/loyalty` (docs/sync-protocol.md
 * §7.4). Added to version 1 as optional: a sale without it is priced as before, with no discount
 * and no points. The server prices the sale again with the same code and records its own earn.
 */
export const saleLoyaltySchema = z.object({
  /** The `loyalty_config` version the till priced with. */
  configVersion: z.number().int().positive(),
  /** The card's tier as the till knew it. */
  tierCode: z.string().min(1).max(32),
  /** The tier discount over the whole receipt; the line totals stay at full price. */
  discountMinor: nonNegativeMinor,
  pointsBurned: z.number().int().nonnegative().max(1_000_000_000),
  /** pointsBurned × the config's point value: the part of the total points paid. */
  burnValueMinor: nonNegativeMinor,
  /** As the till computed it; the server's own figure is what the ledger records. */
  pointsEarned: z.number().int().nonnegative().max(1_000_000_000),
});

const saleShape = z.object({
  saleId: z.string().regex(UUID_V7, 'a UUIDv7'),
  receiptNo: z.string().min(1).max(40),
  cardNumber: z.string().min(4).max(40).nullable(),
  currency: currencyCode,
  lines: z.array(saleLineSchema).min(1).max(500),
  payments: z.array(salePaymentSchema).min(1).max(10),
  /** Sum of the lines, less the loyalty discount when there is one. */
  totalMinor: minorUnits,
  loyalty: saleLoyaltySchema.optional(),
  /**
   * Who rang the sale up and in which shift (docs/operations.md, shifts). Added to version 1 as
   * optional: sales queued before shifts existed have neither.
   */
  cashierId: z.string().min(1).max(64).optional(),
  shiftId: z.string().regex(UUID_V7, 'a UUIDv7').optional(),
  /** The till's clock when the sale was confirmed: printed on the receipt, never used for order. */
  wallTime: z.iso.datetime({ offset: true }),
  /**
   * The link code printed on the receipt, minted at random by the till offline. Added to version 1
   * as optional: sales recorded before it have no code.
   */
  linkCode: linkCodeSchema.optional(),
});

/**
 * A sale as the till records it and the server accepts it (`sale.record`, schema version 1).
 * The arithmetic is part of the schema, so a till and the server can never disagree on a total.
 */
export const saleSchema = saleShape.superRefine((sale, ctx) => {
  for (const [i, line] of sale.lines.entries()) {
    if (line.totalMinor !== lineTotal(line.quantityMilli, line.unitPriceMinor)) {
      ctx.addIssue({
        code: 'custom',
        path: ['lines', i, 'totalMinor'],
        message: 'line total ≠ quantity × price',
      });
    }
    if (line.markingCode !== undefined && line.quantityMilli !== 1000) {
      ctx.addIssue({
        code: 'custom',
        path: ['lines', i, 'quantityMilli'],
        message: 'a marked line sells one unit',
      });
    }
    if (line.lineNo !== i + 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['lines', i, 'lineNo'],
        message: 'lines are numbered 1, 2, 3, …',
      });
    }
  }
  const markings = sale.lines.flatMap((l) => (l.markingCode === undefined ? [] : [l.markingCode]));
  if (new Set(markings).size !== markings.length) {
    ctx.addIssue({ code: 'custom', path: ['lines'], message: 'a marking code appears twice in one sale' });
  }
  const linesSum = sale.lines.reduce((sum, l) => sum + l.totalMinor, 0);
  const discount = sale.loyalty?.discountMinor ?? 0;
  const burnValue = sale.loyalty?.burnValueMinor ?? 0;
  if (linesSum - discount !== sale.totalMinor) {
    ctx.addIssue({
      code: 'custom',
      path: ['totalMinor'],
      message: sale.loyalty ? 'total ≠ sum of lines − loyalty discount' : 'total ≠ sum of lines',
    });
  }
  if (burnValue > sale.totalMinor) {
    ctx.addIssue({
      code: 'custom',
      path: ['loyalty', 'burnValueMinor'],
      message: 'points pay more than the total',
    });
  }
  if (sale.loyalty && sale.cardNumber === null) {
    ctx.addIssue({ code: 'custom', path: ['loyalty'], message: 'loyalty needs a card' });
  }
  // Points are not a payment line: the money paid covers what the points did not.
  const paid = sale.payments.reduce((sum, p) => sum + p.amountMinor, 0);
  if (paid !== sale.totalMinor - burnValue) {
    ctx.addIssue({
      code: 'custom',
      path: ['payments'],
      message: sale.loyalty ? 'payments ≠ total − points' : 'payments ≠ total',
    });
  }
  for (const [i, p] of sale.payments.entries()) {
    if (p.method === 'cash' && p.tenderedMinor - p.amountMinor !== p.changeMinor) {
      ctx.addIssue({
        code: 'custom',
        path: ['payments', i, 'changeMinor'],
        message: 'change ≠ tendered − amount',
      });
    }
  }
});

export type Sale = z.infer<typeof saleSchema>;
export type SaleLine = z.infer<typeof saleLineSchema>;
export type SalePayment = z.infer<typeof salePaymentSchema>;
export type SaleLoyalty = z.infer<typeof saleLoyaltySchema>;
export type CashPayment = z.infer<typeof cashPaymentSchema>;
export type CardPayment = z.infer<typeof cardPaymentSchema>;
