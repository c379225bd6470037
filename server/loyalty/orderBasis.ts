import type { PickupLineRow, PickupStatus } from '../../shared/domain/pickup';

export type OrderForPoints = {
  paid: boolean;
  cancelled: boolean;
  /** The platform's status verbatim: a fully refunded order earns nothing. */
  platformStatus: string | null;
  totalMinor: number;
};

export type PartForPoints = { status: PickupStatus; lines: PickupLineRow[] };

/**
 * The money an online order earns points on (docs/webshop-ingestion.md §9): its total once it is paid, less
 * what its store pickups have not handed over. Delivered lines count from payment; a pickup line
 * counts once a desk hands it out, so points for goods still on the shelf, refused at the desk or
 * returned to the shelf after the hold are never given (and never taken back from a balance the
 * customer may already have spent). A part the shop moved to another store (`cancelled`) is
 * counted by the part that replaced it. A cancelled or fully refunded order earns nothing.
 *
 * @example earnBasis({ paid: true, cancelled: false, platformStatus: 'paid', totalMinor: 1000 }, []) // 1000
 */
export function earnBasis(order: OrderForPoints, parts: readonly PartForPoints[]): number {
  if (!order.paid || order.cancelled) return 0;
  if (order.platformStatus !== null && order.platformStatus.trim().toLowerCase() === 'refunded') return 0;
  let notHandedOver = 0;
  for (const part of parts) {
    if (part.status === 'cancelled') continue;
    for (const line of part.lines) notHandedOver += line.totalMinor - handedOverValue(line);
  }
  return Math.max(0, order.totalMinor - notHandedOver);
}

/** A line's share of its total for the units handed out, rounded down (a part's unit keeps its discount). */
function handedOverValue(line: PickupLineRow): number {
  const collected = Math.min(Math.max(line.collectedQuantity, 0), line.quantity);
  if (collected === line.quantity) return line.totalMinor;
  return Math.floor((line.totalMinor * collected) / line.quantity);
}
