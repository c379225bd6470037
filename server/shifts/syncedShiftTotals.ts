import type { Db } from '../db/connect';

/** What the server holds of a shift: it may lag the till's figures until the till has synced. */
export type ShiftSynced = {
  salesCount: number;
  salesTotalMinor: number;
  /** Money taken per payment method (cash net of change), from the sales synced so far. */
  byMethod: Record<string, number>;
  returnsCount: number;
  returnsTotalMinor: number;
};

/**
 * The synced sales, tenders and refunds of several shifts in three grouped queries, so that HQ's
 * shift list and shift page count a shift the same way.
 */
export async function syncedShiftTotals(db: Db, shiftIds: string[]): Promise<Map<string, ShiftSynced>> {
  const k = db.kysely;
  const totals = new Map<string, ShiftSynced>(
    shiftIds.map((id) => [
      id,
      { salesCount: 0, salesTotalMinor: 0, byMethod: {}, returnsCount: 0, returnsTotalMinor: 0 },
    ]),
  );
  if (shiftIds.length === 0) return totals;
  const sales = await k
    .selectFrom('sales')
    .select([
      'shift_id',
      (eb) => eb.fn.countAll<number | string>().as('n'),
      (eb) => eb.fn.sum<number | string>('total_minor').as('total'),
    ])
    .where('shift_id', 'in', shiftIds)
    .groupBy('shift_id')
    .execute();
  const tenders = await k
    .selectFrom('sale_payments')
    .innerJoin('sales', 'sales.id', 'sale_payments.sale_id')
    .select([
      'sales.shift_id',
      'sale_payments.method',
      (eb) => eb.fn.sum<number | string>('sale_payments.amount_minor').as('total'),
    ])
    .where('sales.shift_id', 'in', shiftIds)
    .groupBy(['sales.shift_id', 'sale_payments.method'])
    .execute();
  const returns = await k
    .selectFrom('returns')
    .select([
      'shift_id',
      (eb) => eb.fn.countAll<number | string>().as('n'),
      (eb) => eb.fn.sum<number | string>('refund_minor').as('total'),
    ])
    .where('shift_id', 'in', shiftIds)
    .groupBy('shift_id')
    .execute();
  for (const row of sales) {
    const t = row.shift_id === null ? undefined : totals.get(row.shift_id);
    if (!t) continue;
    t.salesCount = Number(row.n);
    t.salesTotalMinor = Number(row.total ?? 0);
  }
  for (const row of tenders) {
    const t = row.shift_id === null ? undefined : totals.get(row.shift_id);
    if (t) t.byMethod[row.method] = Number(row.total ?? 0);
  }
  for (const row of returns) {
    const t = row.shift_id === null ? undefined : totals.get(row.shift_id);
    if (!t) continue;
    t.returnsCount = Number(row.n);
    t.returnsTotalMinor = Number(row.total ?? 0);
  }
  return totals;
}
