import { z } from 'zod';
import type { FulfillmentOrderInfo, WebOrderEvent, WebOrderLine } from '../../shared/domain/webOrder';
import { storeForLocation } from '../ingest/adapters/mapping';
import type { Connection } from './connections';

export type RoutedPart = { storeId: string; lines: { line: WebOrderLine; quantity: number }[] };
export type Routing = { parts: RoutedPart[]; review: string | null };

/**
 * Which of an order's lines each of our stores hands out (docs/webshop-ingestion.md §4.3). Never a
 * guess: when the shop does not say which lines go where, or names a pickup location no store is
 * mapped to, the order is flagged for review and nothing is routed.
 *
 * 1. Fulfilment orders (Shopify), when known, say exactly which line quantities go by which method
 *    from which location.
 * 2. Otherwise the order's fulfilment groups: lines that name their group are routed by it; a
 *    single pickup group with no other group takes every line; several groups with lines that do
 *    not name theirs cannot be told apart.
 */
export function routeOrder(
  event: WebOrderEvent,
  fulfillmentOrders: readonly FulfillmentOrderInfo[],
  connection: Connection,
): Routing {
  const byStore = new Map<string, RoutedPart>();
  const add = (storeId: string, line: WebOrderLine, quantity: number) => {
    const part = byStore.get(storeId) ?? { storeId, lines: [] };
    const same = part.lines.find((l) => l.line.lineId === line.lineId);
    if (same) same.quantity += quantity;
    else part.lines.push({ line, quantity });
    byStore.set(storeId, part);
  };
  const lineById = new Map(event.lines.map((l) => [l.lineId, l]));

  const open = fulfillmentOrders.filter((fo) => !fo.closed);
  if (open.length > 0) {
    for (const fo of open) {
      if (fo.method !== 'pickup') continue;
      const storeId = storeForLocation(connection, fo);
      if (storeId === null) return review(`pickup location ${describe(fo)} is not mapped to a store`);
      for (const { lineId, quantity } of fo.lines) {
        const line = lineById.get(lineId);
        if (!line)
          return review(`fulfilment order ${fo.id} names line ${lineId}, which the order does not have`);
        if (quantity > 0) add(storeId, line, Math.min(quantity, line.quantity));
      }
    }
    return { parts: [...byStore.values()], review: null };
  }

  const pickups = event.groups.filter((g) => g.method === 'pickup');
  if (pickups.length === 0) return { parts: [], review: null };
  const stores = new Map<string, string>();
  for (const group of pickups) {
    const storeId = storeForLocation(connection, group);
    if (storeId === null) return review(`pickup location ${describe(group)} is not mapped to a store`);
    stores.set(group.id, storeId);
  }
  if (event.lines.every((l) => l.groupId !== undefined)) {
    for (const line of event.lines) {
      const storeId = stores.get(line.groupId ?? '');
      if (storeId !== undefined) add(storeId, line, line.quantity);
      else if (!event.groups.some((g) => g.id === line.groupId))
        return review(`line ${line.lineId} names group ${line.groupId}, which the order does not have`);
    }
    return { parts: [...byStore.values()], review: null };
  }
  const [only] = pickups;
  if (event.groups.length === 1 && only) {
    const storeId = stores.get(only.id) ?? '';
    for (const line of event.lines) add(storeId, line, line.quantity);
    return { parts: [...byStore.values()], review: null };
  }
  return review('mixed fulfilment: the shop does not say which lines are picked up where');
}

const review = (reason: string): Routing => ({ parts: [], review: reason });

function describe(location: { locationId?: string | undefined; locationTitle?: string | undefined }): string {
  return (
    [
      location.locationId && `id ${location.locationId}`,
      location.locationTitle && `"${location.locationTitle}"`,
    ]
      .filter(Boolean)
      .join(' ') || '(unnamed)'
  );
}

/**
 * What a person at HQ decided for an order the server flagged: the whole order is picked up at
 * one store, or nothing of it is picked up (the shop delivers it).
 */
export const routingOverrideSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('store'), storeId: z.string().uuid() }),
  z.object({ kind: z.literal('delivery_only') }),
]);
export type RoutingOverride = z.infer<typeof routingOverrideSchema>;

/** The order routed as decided: every line to the chosen store, or no store part at all. */
export function routeByOverride(event: WebOrderEvent, override: RoutingOverride): Routing {
  if (override.kind === 'delivery_only') return { parts: [], review: null };
  return {
    parts: [
      { storeId: override.storeId, lines: event.lines.map((line) => ({ line, quantity: line.quantity })) },
    ],
    review: null,
  };
}
