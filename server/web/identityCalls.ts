import type { Db } from '../db/connect';
import { observe, resolveCustomer, type Observation, type ObserveResult } from '../identity';

/**
 * The web bridge's one door into the identity graph (docs/identity.md): the web endpoints only
 * propose identifiers with their evidence; the graph decides whether they link, merge or are refused.
 */
export function observeWeb(db: Db, observation: Observation): Promise<ObserveResult> {
  return observe(db.kysely, observation);
}

/** The customer a visitor id belongs to now, through merges; null while it is anonymous. */
export function customerOfVisitor(db: Db, visitorId: string): Promise<string | null> {
  return resolveCustomer(db.kysely, { type: 'visitor', value: visitorId });
}
