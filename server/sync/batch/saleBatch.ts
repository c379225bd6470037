import type { Kysely } from 'kysely';
import type { OpOutcome, OpResult, OutboxOp } from '../../../shared/sync/protocol';
import type { Database, Dialect } from '../../db/schema';
import { applySale, saleRows } from '../applySale';
import { isSuppressed } from '../../identity/suppression';
import { vatRatesOf } from '../saleLineVat';
import { linkCodeExpiry } from '../../linkCodes/linkCodeTtl';
import { commandFor } from '../commands';
import { advanceStream, appliedOpRow, streamNextSeq, type OpContext } from './applyOne';
import { insertRows } from './insertRows';
import { readySales, type ReadySale } from './saleBatchChecks';
import { observeCardsAtSales } from './saleBatchIdentity';
import { recordSalesLoyalty, type CardSale } from './saleBatchLoyalty';
import { BatchAborted, inSavepoint } from './transaction';

/** The batch is not all new, valid sales after all: it goes one operation at a time. */
class NotAllNew extends Error {}

/**
 * Records a batch of new, valid sales with a few statements per table instead of a dozen per sale
 * (docs/sync-protocol.md §14.2). Every check of the one-at-a-time path is made first, for the
 * whole batch: the stream is at the first `seq`, no operation id, sale id, receipt number or link
 * code is known, every sale is in the store's currency. Anything else, or any statement failing,
 * undoes what this wrote (its own savepoint) and returns null: the caller then applies the batch
 * one operation at a time in the same transaction, where each operation gets its own answer.
 */
export async function applySalesAtOnce(
  trx: Kysely<Database>,
  dialect: Dialect,
  ctx: OpContext,
  ops: readonly OutboxOp[],
): Promise<OpResult[] | null> {
  // This is `applySale` for many sales at once; where the command is not that, one at a time.
  if (commandFor('sale.record') !== applySale) return null;
  const ready = readySales(ops);
  if (!ready || ready.length === 0) return null;
  try {
    return await inSavepoint(trx, async () => {
      const sales = await withCustomers(trx, ctx, ready);
      const now = new Date().toISOString();
      const context = { receivedAt: now, clockSuspect: ctx.clockSuspect };
      const vat = await vatRatesOf(
        trx,
        sales.flatMap((s) => s.sale.lines),
      );
      const rows = sales.map((s) => saleRows(ctx.scope, s.op.opId, s.sale, s.customerId, context, vat));
      await insertRows(
        trx,
        dialect,
        'sales',
        rows.map((r) => r.sale),
      );
      await insertRows(
        trx,
        dialect,
        'sale_lines',
        rows.flatMap((r) => r.lines),
      );
      await insertRows(
        trx,
        dialect,
        'sale_payments',
        rows.flatMap((r) => r.payments),
      );
      // Written after the sale rows in the same transaction, so a code is never redeemable for a
      // sale that is not recorded (server/linkCodes/registerLinkCode.ts).
      const codes = sales.flatMap(({ sale }) =>
        sale.linkCode === undefined
          ? []
          : [
              {
                code: sale.linkCode,
                sale_id: sale.saleId,
                card_number: sale.cardNumber,
                issued_at: now,
                status: 'redeemable' as const,
                redeemed_at: null,
                expires_at: linkCodeExpiry(now),
              },
            ],
      );
      await insertRows(trx, dialect, 'link_codes', codes);
      const outcomes = sales.map(({ sale }): OpOutcome => ({ outcome: 'applied', entityId: sale.saleId }));
      await insertRows(
        trx,
        dialect,
        'applied_ops',
        sales.map(({ op }, i) => appliedOpRow(ctx, op, outcomes[i]!, now)),
      );
      const first = ops[0]!.seq;
      await advanceStream(trx, ctx.scope.deviceId, ctx.installId, first, first + ops.length - 1);
      // Each card sale is evidence of its own (a card in too many sales a day counts as shared,
      // docs/identity.md), so each is observed, as applySale does one at a time: one link per
      // sale, written for the whole batch at once.
      await observeCardsAtSales(
        trx,
        dialect,
        sales.flatMap(({ sale, customerId }) =>
          customerId === null || sale.cardNumber === null
            ? []
            : [{ saleId: sale.saleId, cardNumber: sale.cardNumber, holderId: customerId }],
        ),
      );
      // Last: the accounts are shared with other tills' batches, so they are held the least time.
      await recordSalesLoyalty(trx, dialect, sales, now);
      return sales.map(({ op }, i): OpResult => ({
        opId: op.opId,
        seq: op.seq,
        status: 'applied',
        outcome: outcomes[i] as Extract<OpOutcome, { outcome: 'applied' }>,
      }));
    });
  } catch (error) {
    // A conflict, a value the database refused, a race with another process: the savepoint is
    // rolled back, and the one-at-a-time path finds out which operation it was and answers it.
    if (error instanceof BatchAborted) throw error;
    return null;
  }
}

/**
 * The checks that need the database, for the whole batch at once, and each sale's customer by its
 * card. Throws `NotAllNew` when any sale would not simply be applied.
 */
async function withCustomers(
  trx: Kysely<Database>,
  ctx: OpContext,
  ready: readonly ReadySale[],
): Promise<CardSale[]> {
  const { deviceId, storeId } = ctx.scope;
  if ((await streamNextSeq(trx, deviceId, ctx.installId)) !== ready[0]!.op.seq) throw new NotAllNew();
  const known = await trx
    .selectFrom('applied_ops')
    .select('op_id')
    .where(
      'op_id',
      'in',
      ready.map((r) => r.op.opId),
    )
    .limit(1)
    .execute();
  if (known.length > 0) throw new NotAllNew();
  const store = await trx
    .selectFrom('stores')
    .select('currency')
    .where('id', '=', storeId)
    .executeTakeFirstOrThrow();
  if (ready.some(({ sale }) => sale.currency !== store.currency)) throw new NotAllNew();
  const taken = await trx
    .selectFrom('sales')
    .select('id')
    .where((eb) =>
      eb.or([
        eb(
          'id',
          'in',
          ready.map((r) => r.sale.saleId),
        ),
        eb.and([
          eb('device_id', '=', deviceId),
          eb(
            'receipt_no',
            'in',
            ready.map((r) => r.sale.receiptNo),
          ),
        ]),
      ]),
    )
    .limit(1)
    .execute();
  if (taken.length > 0) throw new NotAllNew();
  const codes = ready.flatMap(({ sale }) => (sale.linkCode === undefined ? [] : [sale.linkCode]));
  if (codes.length > 0) {
    const held = await trx
      .selectFrom('link_codes')
      .select('code')
      .where('code', 'in', codes)
      .limit(1)
      .execute();
    if (held.length > 0) throw new NotAllNew();
  }
  const numbers = [
    ...new Set(ready.flatMap(({ sale }) => (sale.cardNumber === null ? [] : [sale.cardNumber]))),
  ];
  const holders = new Map<string, string>();
  if (numbers.length > 0) {
    const cards = await trx
      .selectFrom('cards')
      .select(['number', 'customer_id'])
      .where('number', 'in', numbers)
      .execute();
    for (const card of cards) holders.set(card.number, card.customer_id);
    // A card whose holder was erased: that sale is stored without it (applySale), one at a time.
    for (const number of numbers) {
      if (!holders.has(number) && (await isSuppressed(trx, 'card', number))) throw new NotAllNew();
    }
  }
  return ready.map((r) => ({
    ...r,
    customerId: r.sale.cardNumber === null ? null : (holders.get(r.sale.cardNumber) ?? null),
  }));
}
