import type { Db } from '../db/connect';
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
};

export type CustomerLedger = {
  customerId: string;
  /** The sum of the entries: the balance by definition. */
  balance: number;
  lifetimeSpendMinor: number;
  tierCode: string;
  /** Newest first. */
  entries: LedgerLine[];
};

const toLine = (r: {
  id: string;
  kind: string;
  points: number;
  card_number: string | null;
  sale_id: string | null;
  reverses_entry_id: string | null;
  overdraft: number;
  mismatch: string | null;
  note: string | null;
  created_at: string;
}): LedgerLine => ({
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
  const entries = await k
    .selectFrom('loyalty_ledger')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  const spend = Number(account?.lifetime_spend_minor ?? 0);
  return {
    customerId,
    balance: await ledgerBalance(k, customerId),
    lifetimeSpendMinor: spend,
    tierCode: tierCodeFor(await latestLoyaltyConfig(k), spend),
    entries: entries.map(toLine),
  };
}

/** Entries HQ should look at: burns the balance did not cover, and tills whose figures differed. */
export async function loyaltyReview(
  db: Db,
  limit: number,
): Promise<(LedgerLine & { customerId: string | null })[]> {
  const rows = await db.kysely
    .selectFrom('loyalty_ledger')
    .selectAll()
    .where((eb) => eb.or([eb('overdraft', '=', 1), eb('mismatch', 'is not', null)]))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...toLine(r), customerId: r.customer_id }));
}
