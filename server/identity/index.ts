import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { observeIdentifiers, type ObserveOptions } from './observe';
import { resolveIdentifier } from './resolve';
import type { IdentifierType, Observation, ObserveResult } from './types';

export type { Evidence, IdentifierType, ObservedIdentifier, Observation, ObserveResult } from './types';
export { setSuppressionKey } from './suppressionKey';
export { clusterConsent, customerCluster } from './customerIdentity';

/**
 * Records identifiers seen together and returns the customer they belong to. Runs in the caller's
 * transaction when given one (a sync push, a webhook), else in its own. Values are normalized here;
 * junk, erased and unusable values are dropped; merges happen only between verified values and
 * only when every guardrail agrees (docs/identity.md §4), a refused merge is queued for HQ.
 *
 * @example
 * await observe(trx, {
 *   identifiers: [{ type: 'email', value: 'Anna@Example.com', verified: true }, { type: 'visitor', value: vid, verified: false }],
 *   evidence: 'shop_login', sourceRef: 'sdk:0190…', connectionId: 'woo',
 * }) // { customerId: '0190…', outcome: 'linked' }
 */
export async function observe(
  db: Kysely<Database>,
  obs: Observation,
  options: ObserveOptions = {},
): Promise<ObserveResult> {
  return observeIdentifiers(db, obs, options);
}

/**
 * The current surviving customer id of an identifier (raw value, normalized here), or null when
 * it is unknown, junk or erased. A shop account is `<connectionId>:<id>`.
 *
 * @example await resolveCustomer(db, { type: 'phone', value: '8 912 345-67-89' }) // '0190…' or null
 */
export async function resolveCustomer(
  db: Kysely<Database>,
  id: { type: IdentifierType; value: string },
): Promise<string | null> {
  return resolveIdentifier(db, id);
}
