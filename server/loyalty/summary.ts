import type { Kysely } from 'kysely';
import { maskName } from '../../shared/domain/identifiers';
import { tierForSpend, type LoyaltyConfig } from '../../shared/loyalty';
import { phoneLookupKey, type CustomerSummaryRow } from '../../shared/sync/protocol';
import type { Database } from '../db/schema';
import { appendChanges } from '../sync/changeLog';
import { onlineActivity } from '../web/onlineSummary';
import { latestLoyaltyConfig } from './configs';

/** The tier code of a chain without rules yet: every card is in it, with no discount and no points. */
export const NO_RULES_TIER = 'base';

export function tierCodeFor(config: LoyaltyConfig | null, lifetimeSpendMinor: number): string {
  return config ? tierForSpend(config, lifetimeSpendMinor).code : NO_RULES_TIER;
}

/** The customer panel's row for one customer, as the server knows it now. */
export async function customerSummary(
  trx: Kysely<Database>,
  customerId: string,
  config: LoyaltyConfig | null,
): Promise<CustomerSummaryRow | null> {
  const row = await trx
    .selectFrom('customers')
    .leftJoin('loyalty_accounts', 'loyalty_accounts.customer_id', 'customers.id')
    .select([
      'customers.display_name',
      'customers.phone',
      'loyalty_accounts.points_balance',
      'loyalty_accounts.lifetime_spend_minor',
    ])
    .where('customers.id', '=', customerId)
    .executeTakeFirst();
  if (!row) return null;
  return summaryRow(customerId, row, config, await onlineActivity(trx, customerId));
}

/** The summary row from a customer's stored figures; also used by a batch that tracks them itself. */
export function summaryRow(
  customerId: string,
  row: {
    display_name: string;
    phone: string | null;
    points_balance: number | null;
    lifetime_spend_minor: number | null;
  },
  config: LoyaltyConfig | null,
  /** What the customer has open in the web shop (server/web/onlineSummary.ts), if anything. */
  online: CustomerSummaryRow['online'],
): CustomerSummaryRow {
  return summaryRowsOf(
    customerId,
    row,
    config,
    online,
  )(Number(row.points_balance ?? 0), Number(row.lifetime_spend_minor ?? 0));
}

/**
 * `summaryRow` for one customer at figures that move, as a batch of sales moves them sale after
 * sale: what does not move (the masked name, the phone's lookup key, a hash) is worked out once.
 */
export function summaryRowsOf(
  customerId: string,
  customer: { display_name: string; phone: string | null },
  config: LoyaltyConfig | null,
  online: CustomerSummaryRow['online'],
): (pointsBalance: number, lifetimeSpendMinor: number) => CustomerSummaryRow {
  const maskedName = maskName(customer.display_name);
  const phoneKey = customer.phone ? phoneLookupKey(customer.phone) : null;
  return (pointsBalance, lifetimeSpendMinor) => ({
    customerId,
    maskedName,
    tierCode: tierCodeFor(config, lifetimeSpendMinor),
    pointsBalance,
    offers: [],
    ...(phoneKey ? { phoneKey } : {}),
    ...(online ? { online } : {}),
  });
}

/**
 * Sends the customer's summary to the tills. Called in the transaction that changed the balance
 * or the spend, so a till never holds a balance the ledger did not commit.
 */
export async function publishCustomerSummary(
  trx: Kysely<Database>,
  customerId: string,
  now: string,
  config?: LoyaltyConfig | null,
): Promise<void> {
  const summary = await customerSummary(
    trx,
    customerId,
    config === undefined ? await latestLoyaltyConfig(trx) : config,
  );
  if (!summary) return;
  await appendChanges(
    trx,
    [{ topic: 'customer_summary', entityId: customerId, storeId: null, data: summary }],
    now,
  );
}
