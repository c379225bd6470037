import type { Kysely } from 'kysely';
import { normalizePhone } from '../../shared/domain/identifiers';
import type { WebOrderEvent } from '../../shared/domain/webOrder';
import type { Database } from '../db/schema';
import { observe, type ObservedIdentifier, type ObserveResult } from '../identity';
import type { Connection } from './connections';

/**
 * The order's phone as the graph keys it: E.164, a national form read in the shop's country. A
 * number that does not parse is kept as the shop sent it, for the desk to read, and joins nothing.
 */
export function orderPhone(connection: Connection, phone: string | undefined): string | null {
  if (phone === undefined) return null;
  return normalizePhone(phone, connection.phoneCountry) ?? phone;
}

/**
 * Feeds an applied order's identifiers to the identity graph (docs/identity.md §2), in the
 * order's transaction: the shop account is verified (the shop signed the person in), the checkout's
 * email and phone are what they typed, and the visitor id ties the browser. Guardrails, junk and
 * erased values are the graph's (§3, §4, §7); a `suppressed` result means the order belongs to
 * an erased person and must be stored without them.
 */
export async function observeOrder(
  trx: Kysely<Database>,
  connection: Connection,
  orderId: string,
  event: WebOrderEvent,
): Promise<ObserveResult> {
  const { email, phone, shopAccountId } = event.customer;
  const identifiers: ObservedIdentifier[] = [
    ...(shopAccountId ? [{ type: 'shop_account' as const, value: shopAccountId, verified: true }] : []),
    ...(email ? [{ type: 'email' as const, value: email, verified: false }] : []),
    ...(phone ? [{ type: 'phone' as const, value: phone, verified: false }] : []),
    ...(event.visitorId ? [{ type: 'visitor' as const, value: event.visitorId, verified: false }] : []),
  ];
  return observe(trx, {
    identifiers,
    evidence: 'webhook_order',
    sourceRef: `order:${orderId}`,
    connectionId: connection.id,
    phoneCountry: connection.phoneCountry,
  });
}

/**
 * The order without the person: what an erased customer's replayed or late webhook may still
 * store, the facts the accounts and the pickup desk need (lines, amounts, status), nothing that
 * names or reaches anyone.
 */
export function withoutPerson(event: WebOrderEvent): WebOrderEvent {
  const { visitorId: _visitor, ...rest } = event;
  return { ...rest, customer: {} };
}
