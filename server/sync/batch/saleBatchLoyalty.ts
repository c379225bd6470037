import type { Kysely } from 'kysely';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import type { LoyaltyConfig } from '../../../shared/loyalty';
import type { CustomerSummaryRow } from '../../../shared/sync/protocol';
import type { Database, Dialect, Row } from '../../db/schema';
import { latestLoyaltyConfig, loyaltyConfigAt } from '../../loyalty/configs';
import { saleLoyaltyFigures } from '../../loyalty/saleLoyalty';
import { summaryRow } from '../../loyalty/summary';
import { onlineActivity } from '../../web/onlineSummary';
import { changeRows, type Change } from '../changeLog';
import type { ReadySale } from './saleBatchChecks';
import { insertRows } from './insertRows';
import { lockCustomers } from './lockOrder';

export type CardSale = ReadySale & { customerId: string | null };

type Account = {
  points: number;
  spend: number;
  customer: { display_name: string; phone: string | null } | null;
};

/**
 * What a batch of new sales does to loyalty, with the per-sale rules of `recordSaleLoyalty`
 * (server/loyalty/saleLoyalty.ts) applied in `seq` order to figures read once: the spend, a `burn`
 * (with `overdraft` when the balance did not cover it) and an `earn` per sale, and the customer's
 * summary after each sale, as the one-at-a-time path writes them. The accounts are locked in one
 * order (server/sync/batch/lockOrder.ts) and read once; the balances then move by the batch's sums
 * in one update per customer. Called last in the batch, so the accounts are held only briefly.
 */
export async function recordSalesLoyalty(
  trx: Kysely<Database>,
  dialect: Dialect,
  sales: readonly CardSale[],
  now: string,
): Promise<void> {
  const withCard = sales.filter((s) => s.sale.cardNumber !== null);
  if (withCard.length === 0) return;
  const latest = await latestLoyaltyConfig(trx);
  const configs = await configsNamed(trx, withCard, latest);
  const accounts = await lockAccounts(trx, dialect, withCard, now);
  const start = new Map([...accounts].map(([id, a]) => [id, { ...a }]));

  const entries: Row<'loyalty_ledger'>[] = [];
  const changes: Change[] = [];
  // A sale moves no web-shop activity: each customer's is read once for the whole batch.
  const online = new Map<string, CustomerSummaryRow['online']>();
  for (const { op, sale, customerId } of withCard) {
    const account = customerId === null ? undefined : accounts.get(customerId);
    const loyalty = sale.loyalty;
    if (account) account.spend += sale.totalMinor - (loyalty?.burnValueMinor ?? 0);
    if (loyalty) {
      const config = configs.get(loyalty.configVersion) ?? latest;
      const { earned, mismatch } = saleLoyaltyFigures(sale, loyalty, config);
      const entry = (kind: 'burn' | 'earn', points: number, overdraft: boolean, note: string | null) => ({
        id: uuidv7(),
        customer_id: customerId,
        card_number: sale.cardNumber,
        kind,
        points,
        source_id: sale.saleId,
        sale_id: sale.saleId,
        op_id: op.opId,
        reverses_entry_id: null,
        overdraft: overdraft ? 1 : 0,
        mismatch: note,
        note: null,
        created_by: null,
        created_at: now,
      });
      // Burn before earn: this sale's points cannot fund its own burn.
      if (loyalty.pointsBurned > 0) {
        if (account) account.points -= loyalty.pointsBurned;
        entries.push(entry('burn', -loyalty.pointsBurned, account !== undefined && account.points < 0, null));
      }
      if (account) account.points += earned;
      entries.push(entry('earn', earned, false, mismatch));
    }
    if (customerId !== null && account?.customer) {
      if (!online.has(customerId)) online.set(customerId, await onlineActivity(trx, customerId));
      const summary = summaryRow(
        customerId,
        { ...account.customer, points_balance: account.points, lifetime_spend_minor: account.spend },
        latest,
        online.get(customerId),
      );
      changes.push({ topic: 'customer_summary', entityId: customerId, storeId: null, data: summary });
    }
  }

  for (const [customerId, account] of accounts) {
    const before = start.get(customerId)!;
    await trx
      .updateTable('loyalty_accounts')
      .set((eb) => ({
        points_balance: eb('points_balance', '+', account.points - before.points),
        lifetime_spend_minor: eb('lifetime_spend_minor', '+', account.spend - before.spend),
        updated_at: now,
      }))
      .where('customer_id', '=', customerId)
      .execute();
  }
  await insertRows(trx, dialect, 'loyalty_ledger', entries);
  await insertRows(trx, dialect, 'change_log', changeRows(changes, now));
}

/** The rules each sale names, by version; a version the server does not have is left out. */
async function configsNamed(
  trx: Kysely<Database>,
  sales: readonly CardSale[],
  latest: LoyaltyConfig | null,
): Promise<Map<number, LoyaltyConfig>> {
  const configs = new Map<number, LoyaltyConfig>();
  if (latest) configs.set(latest.version, latest);
  const versions = new Set(sales.flatMap((s) => (s.sale.loyalty ? [s.sale.loyalty.configVersion] : [])));
  for (const version of versions) {
    if (configs.has(version)) continue;
    const config = await loyaltyConfigAt(trx, version);
    if (config) configs.set(version, config);
  }
  return configs;
}

/**
 * Opens the accounts the batch moves (as `moveBalance` does for each sale) and reads them, in
 * customer order; on PostgreSQL the read locks them until the batch commits.
 */
async function lockAccounts(
  trx: Kysely<Database>,
  dialect: Dialect,
  sales: readonly CardSale[],
  now: string,
): Promise<Map<string, Account>> {
  const ids = [...new Set(sales.flatMap((s) => (s.customerId === null ? [] : [s.customerId])))].sort();
  const accounts = new Map<string, Account>();
  if (ids.length === 0) return accounts;
  await lockCustomers(trx, dialect, ids);
  await trx
    .insertInto('loyalty_accounts')
    .values(
      ids.map((id) => ({ customer_id: id, points_balance: 0, lifetime_spend_minor: 0, updated_at: now })),
    )
    .onConflict((oc) => oc.column('customer_id').doNothing())
    .execute();
  const rows = await trx
    .selectFrom('loyalty_accounts')
    .leftJoin('customers', 'customers.id', 'loyalty_accounts.customer_id')
    .select([
      'loyalty_accounts.customer_id',
      'loyalty_accounts.points_balance',
      'loyalty_accounts.lifetime_spend_minor',
      'customers.display_name',
      'customers.phone',
    ])
    .where('loyalty_accounts.customer_id', 'in', ids)
    .orderBy('loyalty_accounts.customer_id')
    .$if(dialect === 'postgres', (qb) => qb.forUpdate('loyalty_accounts'))
    .execute();
  for (const row of rows) {
    accounts.set(row.customer_id, {
      points: Number(row.points_balance),
      spend: Number(row.lifetime_spend_minor),
      customer: row.display_name === null ? null : { display_name: row.display_name, phone: row.phone },
    });
  }
  return accounts;
}
