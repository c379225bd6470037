import type { Db } from '../db/connect';
import { publishClusterSummaries } from './clusterSummaries';
import { uuidv7 } from '../../shared/domain/uuidv7';
import type { WebConnection } from './webConnections';
import { customerOfVisitor, observeWeb } from './identityCalls';
import { checkIdentifySignature, type SignatureCheck } from './signedIdentify';
import type { EventsBody, IdentifyBody } from './webSchemas';

export type IdentifyOutcome =
  | { ok: true; eventId: string; verified: boolean; linked: boolean }
  | { ok: false; reason: Exclude<SignatureCheck, 'unsigned' | 'verified'> };

/**
 * Stores an identify and proposes its identifiers to the identity graph with evidence
 * `sdk_identify`. Unsigned, every identifier is a claim (`verified: false`): the graph may attach
 * it but never merges on it. Signed by the shop's server with the connection's secret, they are
 * what the shop vouches for. A bad or stale signature is refused and nothing is stored.
 */
export async function recordIdentify(
  db: Db,
  connection: WebConnection,
  body: IdentifyBody,
  now = new Date(),
): Promise<IdentifyOutcome> {
  const check = checkIdentifySignature(body, connection.id, connection.secrets, now);
  if (check === 'bad_signature' || check === 'stale_signature') return { ok: false, reason: check };
  const verified = check === 'verified';
  const eventId = uuidv7();
  const identifiers = [
    { type: 'visitor' as const, value: body.visitorId, verified: false },
    ...(body.shopAccountId ? [{ type: 'shop_account' as const, value: body.shopAccountId, verified }] : []),
    ...(body.email ? [{ type: 'email' as const, value: body.email, verified }] : []),
    ...(body.phone ? [{ type: 'phone' as const, value: body.phone, verified }] : []),
  ];
  const result = await observeWeb(db, {
    identifiers,
    evidence: 'sdk_identify',
    sourceRef: `sdk:${eventId}`,
    connectionId: connection.id,
    ...(body.consent ? { consent: body.consent } : {}),
  });
  await db.kysely
    .insertInto('web_events')
    .values({
      id: eventId,
      connection_id: connection.id,
      visitor_id: body.visitorId,
      kind: 'identify',
      customer_id: result.customerId,
      data: JSON.stringify({
        verified,
        outcome: result.outcome,
        ...(body.shopAccountId ? { shopAccountId: body.shopAccountId } : {}),
        ...(body.email ? { email: body.email } : {}),
        ...(body.phone ? { phone: body.phone } : {}),
      }),
      received_at: now.toISOString(),
    })
    .execute();
  return { ok: true, eventId, verified, linked: result.customerId !== null };
}

/** Sends the customer summary of every card holder in the customer's cluster to the tills. */
export async function publishOnlineChange(db: Db, customerId: string, at: string): Promise<void> {
  await db.kysely.transaction().execute((trx) => publishClusterSummaries(trx, customerId, at));
}

/** Stores page and cart events under the visitor, with the customer the visitor is known as now. */
export async function recordEvents(
  db: Db,
  connection: WebConnection,
  body: EventsBody,
  now = new Date(),
): Promise<{ stored: number }> {
  const customerId = await customerOfVisitor(db, body.visitorId);
  const at = now.toISOString();
  await db.kysely
    .insertInto('web_events')
    .values(
      body.events.map((event) => ({
        id: uuidv7(),
        connection_id: connection.id,
        visitor_id: body.visitorId,
        kind: event.type,
        customer_id: customerId,
        data: JSON.stringify(event),
        received_at: at,
      })),
    )
    .execute();
  // A cart the cashier should see: the tills holding this customer's cards get the new summary.
  if (customerId !== null && body.events.some((e) => e.type === 'cart')) {
    await publishOnlineChange(db, customerId, at);
  }
  return { stored: body.events.length };
}
