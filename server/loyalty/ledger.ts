import type { Kysely } from 'kysely';
import { uuidv7 } from '../../shared/domain/uuidv7';
import type { Database, LedgerKind, Row } from '../db/schema';

export type NewEntry = {
  customerId: string | null;
  cardNumber: string | null;
  kind: LedgerKind;
  /** Signed. */
  points: number;
  sourceId: string;
  saleId?: string | null;
  opId?: string | null;
  reversesEntryId?: string | null;
  mismatch?: string | null;
  note?: string | null;
  createdBy?: string | null;
  /** The web-shop order an online earn belongs to, and the spend it counted. */
  orderId?: string | null;
  spendMinor?: number | null;
};

export type LedgerEntry = Row<'loyalty_ledger'>;

/**
 * Appends one entry and moves the customer's cached balance by it (and the lifetime spend by its
 * `spendMinor`, which only online orders' entries carry), in the caller's transaction.
 * The ledger is append-only: nothing here updates or deletes an entry.
 *
 * The balance moves by an atomic `points_balance + delta … returning`, which on PostgreSQL holds
 * the account row until commit: two tills' burns on one card are applied one after the other, and
 * the second sees the first's balance. A burn that takes the balance below zero is written all the
 * same with `overdraft = 1` for HQ (the customer left with the goods; dropping the sale would only
 * lose it).
 */
export async function appendEntry(trx: Kysely<Database>, entry: NewEntry, now: string): Promise<LedgerEntry> {
  let balanceAfter: number | null = null;
  if (entry.customerId !== null)
    balanceAfter = await moveBalance(trx, entry.customerId, entry.points, entry.spendMinor ?? 0, now);
  const row: LedgerEntry = {
    id: uuidv7(),
    customer_id: entry.customerId,
    card_number: entry.cardNumber,
    kind: entry.kind,
    points: entry.points,
    source_id: entry.sourceId,
    sale_id: entry.saleId ?? null,
    op_id: entry.opId ?? null,
    reverses_entry_id: entry.reversesEntryId ?? null,
    overdraft: entry.kind === 'burn' && balanceAfter !== null && balanceAfter < 0 ? 1 : 0,
    mismatch: entry.mismatch ?? null,
    note: entry.note ?? null,
    created_by: entry.createdBy ?? null,
    created_at: now,
    order_id: entry.orderId ?? null,
    spend_minor: entry.spendMinor ?? null,
  };
  await trx.insertInto('loyalty_ledger').values(row).execute();
  return row;
}

/** Adds to a customer's balance and lifetime spend; returns the balance after. */
export async function moveBalance(
  trx: Kysely<Database>,
  customerId: string,
  points: number,
  spendMinor: number,
  now: string,
): Promise<number> {
  await trx
    .insertInto('loyalty_accounts')
    .values({ customer_id: customerId, points_balance: 0, lifetime_spend_minor: 0, updated_at: now })
    .onConflict((oc) => oc.column('customer_id').doNothing())
    .execute();
  const updated = await trx
    .updateTable('loyalty_accounts')
    .set((eb) => ({
      points_balance: eb('points_balance', '+', points),
      lifetime_spend_minor: eb('lifetime_spend_minor', '+', spendMinor),
      updated_at: now,
    }))
    .where('customer_id', '=', customerId)
    .returning('points_balance')
    .executeTakeFirstOrThrow();
  return Number(updated.points_balance);
}

export type ReverseResult =
  | { ok: true; entry: LedgerEntry }
  | { ok: false; reason: 'unknown_entry' | 'reversal_of_reversal' | 'already_reversed' };

/**
 * Writes the opposite of an entry (a return gives back the points it earned and restores those it
 * burned). A reversal is never itself reversed: what it undid is done again by a new entry, so the
 * history reads forwards. An entry is reversed at most once (a unique key, not only this check).
 */
export async function reverseEntry(
  trx: Kysely<Database>,
  input: { entryId: string; sourceId: string; note?: string | null; createdBy?: string | null },
  now: string,
): Promise<ReverseResult> {
  const target = await trx
    .selectFrom('loyalty_ledger')
    .selectAll()
    .where('id', '=', input.entryId)
    .executeTakeFirst();
  if (!target) return { ok: false, reason: 'unknown_entry' };
  if (target.kind === 'reversal') return { ok: false, reason: 'reversal_of_reversal' };
  const earlier = await trx
    .selectFrom('loyalty_ledger')
    .select('id')
    .where('reverses_entry_id', '=', target.id)
    .executeTakeFirst();
  if (earlier) return { ok: false, reason: 'already_reversed' };
  const entry = await appendEntry(
    trx,
    {
      customerId: target.customer_id,
      cardNumber: target.card_number,
      kind: 'reversal',
      points: -Number(target.points),
      // One return may reverse both the earn and the burn of a sale: unique per entry reversed.
      sourceId: `${input.sourceId}/${target.id}`,
      saleId: target.sale_id,
      orderId: target.order_id,
      // An online earn counted its order towards the tier; its reversal takes that back too.
      spendMinor: target.spend_minor === null ? null : -Number(target.spend_minor),
      reversesEntryId: target.id,
      note: input.note ?? null,
      createdBy: input.createdBy ?? null,
    },
    now,
  );
  return { ok: true, entry };
}

/** The balance as the ledger defines it: the sum of the customer's entries. */
export async function ledgerBalance(trx: Kysely<Database>, customerId: string): Promise<number> {
  const row = await trx
    .selectFrom('loyalty_ledger')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('points'), eb.lit(0)).as('total'))
    .where('customer_id', '=', customerId)
    .executeTakeFirstOrThrow();
  return Number(row.total);
}
