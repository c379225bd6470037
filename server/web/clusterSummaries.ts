import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { publishCustomerSummary } from '../loyalty/summary';
import { cardHolders } from './onlineSummary';

/**
 * Sends the customer summary of every card holder in the customer's cluster to the tills, in the
 * caller's transaction: what the web shop learnt (an order, a cart, a redeemed receipt) reaches a
 * till's customer panel at its next pull, not after the customer's next sale.
 */
export async function publishClusterSummaries(
  trx: Kysely<Database>,
  customerId: string,
  at: string,
): Promise<void> {
  for (const holder of await cardHolders(trx, customerId)) await publishCustomerSummary(trx, holder, at);
}
