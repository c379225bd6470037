import type { Kysely } from 'kysely';
import type { StoreScope } from '../auth/roles';
import type { Db } from '../db/connect';
import type { Database } from '../db/schema';
import { latestLoyaltyConfig } from '../loyalty/configs';
import { ledgerBalance } from '../loyalty/ledger';
import { tierCodeFor } from '../loyalty/summary';

export type LedgerLine = {
  id: string;
  kind: string;
  points: number;
  cardNumber: string | null;
  saleId: string | null;
  reversesEntryId: string | null;
  overdraft: boolean;
  mismatch: string | null;
  note: string | null;
  createdAt: string;
  /** The operation that wrote it (`sale.record`, `return.record`); null for HQ's adjustments. */
  operation: string | null;
  storeName: string | null;
  deviceName: string | null;
  receiptNo: string | null;
  /** The web-shop order an online earn (or its reversal) was written for. */
  orderNumber: string | null;
  /** The HQ user who wrote an adjustment. */
  createdByName: string | null;
};

export type CustomerLedger = {
  customerId: string;
  /** The sum of the entries: the balance by definition. */
  balance: number;
  lifetimeSpendMinor: number;
  tierCode: string;
  /** Newest first, each with the balance once it was written (the sum of it and all before it). */
  entries: (LedgerLine & { balanceAfter: number })[];
};

/** Ledger entries with where they came from: the till and store of their operation, the receipt. */
function ledgerLines(k: Kysely<Database>) {
  return k
    .selectFrom('loyalty_ledger')
    .leftJoin('applied_ops', 'applied_ops.op_id', 'loyalty_ledger.op_id')
    .leftJoin('devices', 'devices.id', 'applied_ops.device_id')
    .leftJoin('stores', 'stores.id', 'devices.store_id')
    .leftJoin('sales', 'sales.id', 'loyalty_ledger.sale_id')
    .leftJoin('hq_users', 'hq_users.id', 'loyalty_ledger.created_by')
    .leftJoin('web_orders', 'web_orders.id', 'loyalty_ledger.order_id')
    .selectAll('loyalty_ledger')
    .select([
      'applied_ops.kind as operation',
      'devices.name as device_name',
      'devices.store_id as device_store_id',
      'stores.name as store_name',
      'sales.receipt_no',
      'web_orders.order_number',
      'hq_users.name as created_by_name',
    ]);
}

type LineRow = Awaited<ReturnType<ReturnType<typeof ledgerLines>['execute']>>[number];

const toLine = (r: LineRow): LedgerLine => ({
  id: r.id,
  kind: r.kind,
  points: Number(r.points),
  cardNumber: r.card_number,
  saleId: r.sale_id,
  reversesEntryId: r.reverses_entry_id,
  overdraft: r.overdraft === 1,
  mismatch: r.mismatch,
  note: r.note,
  createdAt: r.created_at,
  operation: r.operation,
  storeName: r.store_name,
  deviceName: r.device_name,
  receiptNo: r.receipt_no,
  orderNumber: r.order_number,
  createdByName: r.created_by_name,
});

/** A customer's points: the entries, newest first, and the balance they sum to. */
export async function customerLedger(
  db: Db,
  customerId: string,
  limit: number,
): Promise<CustomerLedger | null> {
  const k = db.kysely;
  const customer = await k
    .selectFrom('customers')
    .select('id')
    .where('id', '=', customerId)
    .executeTakeFirst();
  if (!customer) return null;
  const account = await k
    .selectFrom('loyalty_accounts')
    .select('lifetime_spend_minor')
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  const entries = await ledgerLines(k)
    .where('loyalty_ledger.customer_id', '=', customerId)
    .orderBy('loyalty_ledger.created_at', 'desc')
    .orderBy('loyalty_ledger.id', 'desc')
    .limit(limit)
    .execute();
  const spend = Number(account?.lifetime_spend_minor ?? 0);
  const balance = await ledgerBalance(k, customerId);
  // Walking back from the newest: each entry's balance is the next one's less the next one's points.
  let after = balance;
  const withBalance = entries.map((e) => {
    const line = { ...toLine(e), balanceAfter: after };
    after -= line.points;
    return line;
  });
  return {
    customerId,
    balance,
    lifetimeSpendMinor: spend,
    tierCode: tierCodeFor(await latestLoyaltyConfig(k), spend),
    entries: withBalance,
  };
}

export type EarlierBurn = {
  points: number;
  storeName: string | null;
  deviceName: string | null;
  receiptNo: string | null;
  createdAt: string;
};

export type ReviewItem = LedgerLine & {
  customerId: string | null;
  /** The customer's balance once this entry was written: below zero for an overdraft. */
  balanceAfter: number | null;
  /** The card's burns just before this one: usually the other till that spent the same points. */
  earlierBurns: EarlierBurn[];
  /** The adjustment HQ wrote for this entry, if any (its source is `review/<entry id>`). */
  adjustment: null | { points: number; note: string | null; by: string | null; createdAt: string };
};

/**
 * Entries HQ should look at: burns the balance did not cover (two tills offline spent the same
 * points), and tills whose figures differed. A store manager sees those from their stores' tills.
 */
export async function loyaltyReview(db: Db, scope: StoreScope, limit: number): Promise<ReviewItem[]> {
  const k = db.kysely;
  if (scope.kind === 'stores' && scope.storeIds.length === 0) return [];
  const rows = await ledgerLines(k)
    .where((eb) =>
      eb.or([eb('loyalty_ledger.overdraft', '=', 1), eb('loyalty_ledger.mismatch', 'is not', null)]),
    )
    .$if(scope.kind === 'stores', (q) =>
      q.where('devices.store_id', 'in', scope.kind === 'stores' ? scope.storeIds : []),
    )
    .orderBy('loyalty_ledger.created_at', 'desc')
    .orderBy('loyalty_ledger.id', 'desc')
    .limit(limit)
    .execute();
  const adjustments = rows.length
    ? await ledgerLines(k)
        .where('loyalty_ledger.kind', '=', 'adjustment')
        .where(
          'loyalty_ledger.source_id',
          'in',
          rows.map((r) => reviewSourceId(r.id)),
        )
        .execute()
    : [];
  return Promise.all(
    rows.map(async (r): Promise<ReviewItem> => {
      const adjustment = adjustments.find((a) => a.source_id === reviewSourceId(r.id));
      return {
        ...toLine(r),
        customerId: r.customer_id,
        balanceAfter: r.customer_id === null ? null : await balanceThrough(k, r),
        earlierBurns: r.kind === 'burn' && r.card_number !== null ? await earlierBurns(k, r) : [],
        adjustment: adjustment
          ? {
              points: Number(adjustment.points),
              note: adjustment.note,
              by: adjustment.created_by_name,
              createdAt: adjustment.created_at,
            }
          : null,
      };
    }),
  );
}

/** The source of an adjustment written from the review list: one per entry reviewed. */
export const reviewSourceId = (entryId: string) => `review/${entryId}`;

/** The sum of the customer's entries up to and including this one, in the ledger's own order. */
async function balanceThrough(k: Kysely<Database>, entry: LineRow): Promise<number> {
  const row = await k
    .selectFrom('loyalty_ledger')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('points'), eb.lit(0)).as('total'))
    .where('customer_id', '=', entry.customer_id)
    .where((eb) =>
      eb.or([
        eb('created_at', '<', entry.created_at),
        eb.and([eb('created_at', '=', entry.created_at), eb('id', '<=', entry.id)]),
      ]),
    )
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

async function earlierBurns(k: Kysely<Database>, entry: LineRow): Promise<EarlierBurn[]> {
  const rows = await ledgerLines(k)
    .where('loyalty_ledger.card_number', '=', entry.card_number)
    .where('loyalty_ledger.kind', '=', 'burn')
    .where((eb) =>
      eb.or([
        eb('loyalty_ledger.created_at', '<', entry.created_at),
        eb.and([
          eb('loyalty_ledger.created_at', '=', entry.created_at),
          eb('loyalty_ledger.id', '<', entry.id),
        ]),
      ]),
    )
    .orderBy('loyalty_ledger.created_at', 'desc')
    .orderBy('loyalty_ledger.id', 'desc')
    .limit(3)
    .execute();
  return rows.map((b) => ({
    points: Number(b.points),
    storeName: b.store_name,
    deviceName: b.device_name,
    receiptNo: b.receipt_no,
    createdAt: b.created_at,
  }));
}
