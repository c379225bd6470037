import type { HqOutputs } from '../hqClient';

export type Figures = HqOutputs['figures'];
export type FigureCounts = Figures['period'];
export type LtvRow = Figures['ltv'][number];

/** A part of a whole as a fraction; null when there is nothing to divide. */
export const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** Revenue by channel: stores, store parts of online orders (click & collect), and the rest delivered. */
export function channelMix(c: FigureCounts) {
  return { store: c.storeMinor, pickup: c.pickupMinor, delivery: c.onlineMinor - c.pickupMinor };
}

/** Net spend per customer of a segment, in minor units; null for a segment nobody is in. */
export const perCustomer = (row: LtvRow): number | null =>
  row.customers > 0 ? Math.round(row.netMinor / row.customers) : null;
