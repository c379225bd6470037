import { sql, type Insertable, type Kysely, type RawBuilder } from 'kysely';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import type { LoyaltyConfig } from '../../../shared/loyalty';
import type { CustomerSummaryRow } from '../../../shared/sync/protocol';
import type { Database, Dialect } from '../../db/schema';
import { latestLoyaltyConfig, loyaltyConfigAt, readConfig } from '../../loyalty/configs';
import { saleLoyaltyFigures } from '../../loyalty/saleLoyalty';
import { summaryRowsOf } from '../../loyalty/summary';
import { onlineActivity, onlineActivityRows, onlineFromRow, type OnlineRow } from '../../web/onlineSummary';
import { changeRows, type Change } from '../changeLog';
import type { ReadySale } from './saleBatchChecks';
import { insertRows } from './insertRows';
import { advisoryLocks } from './lockOrder';
import type { BatchFacts } from './saleBatchFacts';
import { writeInOneStatement } from './oneStatement';

export type CardSale = ReadySale & { customerId: string | null };

type Account = {
  points: number;
  spend: number;
  customer: { display_name: string; phone: string | null } | null;
  /** The customer's summary row at given figures (`summaryRowsOf`), once the customer is known. */
  summary?: (points: number, spend: number) => CustomerSummaryRow;
};

/**
 * What a batch of new sales does to loyalty, with the per-sale rules of `recordSaleLoyalty`
 * (server/loyalty/saleLoyalty.ts) applied in `seq` order to figures read once: the spend, a `burn`
 * (with `overdraft` when the balance did not cover it) and an `earn` per sale, and the customer's
 * summary after each sale, as the one-at-a-time path writes them. Everything that is not an
 * account is read first; then the accounts are locked in one order (server/sync/batch/lockOrder.ts)
 * and read once, and the balances move by the batch's sums. Called last in the batch, so the
 * accounts are held only briefly: on PostgreSQL for two statements, the lock and read in one, the
 * balances, ledger entries and summaries in the other.
 * `stored`: the loyalty rules as already read with the batch's facts (null: read here).
 * `alsoUpdate`: PostgreSQL, the caller's updates, written with the last statement.
 */
export async function recordSalesLoyalty(
  trx: Kysely<Database>,
  dialect: Dialect,
  sales: readonly CardSale[],
  now: string,
  stored: BatchFacts['configs'] = null,
  alsoUpdate: readonly RawBuilder<unknown>[] = [],
): Promise<void> {
  const withCard = sales.filter((s) => s.sale.cardNumber !== null);
  if (withCard.length === 0) {
    if (dialect === 'postgres') await writeInOneStatement(trx, [], alsoUpdate);
    return;
  }
  const latest = stored
    ? stored.latest === null
      ? null
      : readConfig(stored.latest)
    : await latestLoyaltyConfig(trx);
  const configs = await configsNamed(trx, withCard, latest, stored);
  const ids = [...new Set(withCard.flatMap((s) => (s.customerId === null ? [] : [s.customerId])))].sort();
  // A sale moves no web-shop activity: each customer's is read once, on PostgreSQL with the
  // accounts (the same round trip), elsewhere before their accounts are opened.
  const online = new Map<string, CustomerSummaryRow['online']>();
  if (dialect !== 'postgres') for (const id of ids) online.set(id, await onlineActivity(trx, id));
  const accounts = await lockAccounts(trx, dialect, ids, now, online);
  const start = new Map([...accounts].map(([id, a]) => [id, { ...a }]));

  // Sales never carry an order's columns: left out, they stay null and the batch stays as narrow.
  const entries: Insertable<Database['loyalty_ledger']>[] = [];
  const changes: Change[] = [];
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
      account.summary ??= summaryRowsOf(customerId, account.customer, latest, online.get(customerId));
      const summary = account.summary(account.points, account.spend);
      changes.push({ topic: 'customer_summary', entityId: customerId, storeId: null, data: summary });
    }
  }

  const moves = [...accounts].map(([customerId, account]) => {
    const before = start.get(customerId)!;
    return {
      customer_id: customerId,
      points: account.points - before.points,
      spend: account.spend - before.spend,
    };
  });
  if (dialect === 'postgres') {
    await writeInOneStatement(
      trx,
      [
        { table: 'loyalty_ledger', rows: entries },
        { table: 'change_log', rows: changeRows(changes, now) },
      ],
      [
        ...(moves.length === 0
          ? []
          : [
              sql`update loyalty_accounts a set points_balance = a.points_balance + m.points,
                  lifetime_spend_minor = a.lifetime_spend_minor + m.spend, updated_at = ${now}
                from json_to_recordset(${JSON.stringify(moves)}::json) as m(customer_id text, points bigint, spend bigint)
                where a.customer_id = m.customer_id`,
            ]),
        ...alsoUpdate,
      ],
    );
    return;
  }
  for (const move of moves) {
    await trx
      .updateTable('loyalty_accounts')
      .set((eb) => ({
        points_balance: eb('points_balance', '+', move.points),
        lifetime_spend_minor: eb('lifetime_spend_minor', '+', move.spend),
        updated_at: now,
      }))
      .where('customer_id', '=', move.customer_id)
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
  stored: BatchFacts['configs'],
): Promise<Map<number, LoyaltyConfig>> {
  const configs = new Map<number, LoyaltyConfig>();
  if (latest) configs.set(latest.version, latest);
  for (const version of configVersionsOf(sales)) {
    if (configs.has(version)) continue;
    const text = stored?.byVersion.get(version);
    const config = stored
      ? text === undefined
        ? null
        : readConfig(text)
      : await loyaltyConfigAt(trx, version);
    if (config) configs.set(version, config);
  }
  return configs;
}

/** The loyalty rules versions the sales name. */
export const configVersionsOf = (sales: readonly ReadySale[]) => [
  ...new Set(sales.flatMap((s) => (s.sale.loyalty ? [s.sale.loyalty.configVersion] : []))),
];

/**
 * Opens the accounts the batch moves (as `moveBalance` does for each sale) and reads them, in
 * customer order; on PostgreSQL the read locks them until the batch commits, and fills `online`
 * with each customer's web-shop activity, read in the same statement.
 */
async function lockAccounts(
  trx: Kysely<Database>,
  dialect: Dialect,
  ids: readonly string[],
  now: string,
  online: Map<string, CustomerSummaryRow['online']>,
): Promise<Map<string, Account>> {
  const accounts = new Map<string, Account>();
  if (ids.length === 0) return accounts;
  const rows =
    dialect === 'postgres'
      ? await lockAndOpenPostgres(trx, ids, now, online)
      : await openAndRead(trx, ids, now);
  for (const row of rows) {
    accounts.set(row.customer_id, {
      points: Number(row.points_balance),
      spend: Number(row.lifetime_spend_minor),
      customer: row.display_name === null ? null : { display_name: row.display_name, phone: row.phone },
    });
  }
  return accounts;
}

type AccountRow = {
  customer_id: string;
  points_balance: number;
  lifetime_spend_minor: number;
  display_name: string | null;
  phone: string | null;
};

async function openAndRead(
  trx: Kysely<Database>,
  ids: readonly string[],
  now: string,
): Promise<AccountRow[]> {
  await trx
    .insertInto('loyalty_accounts')
    .values(
      ids.map((id) => ({ customer_id: id, points_balance: 0, lifetime_spend_minor: 0, updated_at: now })),
    )
    .onConflict((oc) => oc.column('customer_id').doNothing())
    .execute();
  return trx
    .selectFrom('loyalty_accounts')
    .leftJoin('customers', 'customers.id', 'loyalty_accounts.customer_id')
    .select([
      'loyalty_accounts.customer_id',
      'loyalty_accounts.points_balance',
      'loyalty_accounts.lifetime_spend_minor',
      'customers.display_name',
      'customers.phone',
    ])
    .where('loyalty_accounts.customer_id', 'in', [...ids])
    .orderBy('loyalty_accounts.customer_id')
    .execute();
}

/**
 * PostgreSQL, one statement: the advisory locks in key order (§14.3; the insert waits for them,
 * as it reads their count), then each account opened or, when it exists, locked by a no-op update
 * in customer order, returning its current figures (an `on conflict do update` sees the latest
 * committed row, as `for update` would). The customers' web-shop activity rides along
 * (`onlineActivityRows`): a read, it takes no lock.
 */
async function lockAndOpenPostgres(
  trx: Kysely<Database>,
  ids: readonly string[],
  now: string,
  online: Map<string, CustomerSummaryRow['online']>,
): Promise<AccountRow[]> {
  const { rows } = await sql<AccountRow & OnlineRow>`
    with locked as materialized (${advisoryLocks(ids)}),
    opened as (
      insert into loyalty_accounts (customer_id, points_balance, lifetime_spend_minor, updated_at)
      select id, 0, 0, ${now} from unnest(${[...ids]}::text[]) as id
      where (select count(*) from locked) >= 0
      order by id
      on conflict (customer_id) do update set updated_at = loyalty_accounts.updated_at
      returning customer_id, points_balance, lifetime_spend_minor
    ),
    online as (${onlineActivityRows(ids)})
    select o.customer_id, o.points_balance, o.lifetime_spend_minor, c.display_name, c.phone,
      w.cart, w.orders
    from opened o left join customers c on c.id = o.customer_id
      left join online w on w.customer_id = o.customer_id
    order by o.customer_id`.execute(trx);
  for (const row of rows) online.set(row.customer_id, onlineFromRow(row));
  return rows;
}
