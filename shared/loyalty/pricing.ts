import { allocate, mulDivFloor } from './arithmetic';
import { resolveTier, type LoyaltyConfig } from './config';

/** A basket line as priced before loyalty: its number and its total in minor units. */
export type BasketLine = { readonly lineNo: number; readonly totalMinor: number };

/** The card at the till, as pulled: the tier the server assigned it. */
export type BasketCard = { readonly tierCode: string };

/**
 * What the card may spend: the pulled balance, what this till spent on it that the server has
 * not seen yet, and whether the balance is the till's cache (always, for a till that is offline).
 */
export type BasketBalance = {
  readonly points: number;
  readonly unsyncedBurnedPoints: number;
  readonly fromCache: boolean;
};

export type PricedLine = { lineNo: number; totalMinor: number; discountMinor: number; netMinor: number };

export type PricedBasket = {
  configVersion: number;
  /** null: no card, no loyalty. */
  tierCode: string | null;
  subtotalMinor: number;
  /** The tier discount, split over the lines (see `allocate`). */
  discountMinor: number;
  lines: PricedLine[];
  /** Subtotal minus discount: what the goods cost, before any points are spent. */
  totalMinor: number;
  /** The most points this receipt may take: receipt cap, available balance and offline cap. */
  maxBurnPoints: number;
  /** The most points the receipt cap alone allows, whatever the balance. */
  receiptCapPoints: number;
};

/**
 * Prices a basket for a card: the tier discount per line and in total, and how many points may
 * be spent on it. Pure and deterministic, so the till and the server get the same figures.
 *
 * Rounding, each one explicit and in the chain's favour by at most one unit:
 * - the discount is ⌊subtotal × discount %⌋, so it never exceeds the advertised percentage; it is
 *   then split over the lines by largest remainder, so the line discounts sum to it exactly;
 * - the receipt cap is ⌊total × cap % ⁄ point value⌋ points, so points never pay more than the cap.
 *
 * @example priceBasket([{ lineNo: 1, totalMinor: 1000 }], { tierCode: 'gold' }, config, balance)
 */
export function priceBasket(
  lines: readonly BasketLine[],
  card: BasketCard | null,
  config: LoyaltyConfig,
  balance: BasketBalance,
): PricedBasket {
  const subtotalMinor = lines.reduce((s, l) => s + l.totalMinor, 0);
  const tier = card ? resolveTier(config, card.tierCode) : null;
  const discountMinor = tier ? mulDivFloor(subtotalMinor, tier.discountBp, 10_000) : 0;
  const shares = allocate(
    discountMinor,
    lines.map((l) => l.totalMinor),
  );
  const priced = lines.map((l, i) => {
    const discount = shares[i] ?? 0;
    return {
      lineNo: l.lineNo,
      totalMinor: l.totalMinor,
      discountMinor: discount,
      netMinor: l.totalMinor - discount,
    };
  });
  const totalMinor = subtotalMinor - discountMinor;
  const receiptCapPoints = tier
    ? mulDivFloor(totalMinor, config.maxBurnBp, 10_000 * config.pointValueMinor)
    : 0;
  const available = Math.max(0, balance.points - balance.unsyncedBurnedPoints);
  const offlineCap = balance.fromCache ? config.offlineBurnCapPoints : Number.MAX_SAFE_INTEGER;
  return {
    configVersion: config.version,
    tierCode: tier?.code ?? null,
    subtotalMinor,
    discountMinor,
    lines: priced,
    totalMinor,
    maxBurnPoints: Math.min(receiptCapPoints, available, offlineCap),
    receiptCapPoints,
  };
}

export type AppliedBurn = {
  pointsBurned: number;
  /** pointsBurned × point value: exact, no rounding. */
  burnValueMinor: number;
  /** The burn value split over the lines (a partial return gives back its own share). */
  lineBurnMinor: { lineNo: number; burnMinor: number }[];
  /** Money still to pay: total minus burn value, never negative. */
  dueMinor: number;
  pointsEarned: number;
};

/**
 * Spends points on a priced basket. The request is clamped to [0, receipt cap] only: whether the
 * balance covers it is `maxBurnPoints`'s business at the till, and the ledger's on the server,
 * where a burn beyond the balance is accepted and flagged, never dropped.
 *
 * @example applyBurn(priced, 150, config).dueMinor // priced.totalMinor − 150 × pointValueMinor
 */
export function applyBurn(priced: PricedBasket, requestedPoints: number, config: LoyaltyConfig): AppliedBurn {
  const pointsBurned = Math.max(0, Math.min(Math.floor(requestedPoints), priced.receiptCapPoints));
  const burnValueMinor = pointsBurned * config.pointValueMinor;
  const shares = allocate(
    burnValueMinor,
    priced.lines.map((l) => l.netMinor),
  );
  const dueMinor = priced.totalMinor - burnValueMinor;
  return {
    pointsBurned,
    burnValueMinor,
    lineBurnMinor: priced.lines.map((l, i) => ({ lineNo: l.lineNo, burnMinor: shares[i] ?? 0 })),
    dueMinor,
    pointsEarned: priced.tierCode === null ? 0 : pointsEarned(config, priced.tierCode, dueMinor),
  };
}

/**
 * Points earned on money paid: ⌊paid × earn % ⁄ point value⌋. Rounded down so a point is never
 * given for money not paid; points spent earn nothing, since only the money paid counts.
 *
 * @example pointsEarned(config, 'base', 10_000) // 1 % of 100.00 at 1.00 a point: 1
 */
export function pointsEarned(config: LoyaltyConfig, tierCode: string, paidMinor: number): number {
  if (paidMinor <= 0) return 0;
  return mulDivFloor(paidMinor, resolveTier(config, tierCode).earnBp, 10_000 * config.pointValueMinor);
}
