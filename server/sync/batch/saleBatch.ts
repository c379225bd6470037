import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { OpOutcome, OpResult, OutboxOp } from '../../../shared/sync/protocol';
import type { Database, Dialect } from '../../db/schema';
import { applySale, saleRows } from '../applySale';
import { productsWithoutRate, vatFrom } from '../saleLineVat';
import { linkCodeExpiry } from '../../linkCodes/linkCodeTtl';
import { commandFor } from '../commands';
import { advanceStream, appliedOpRow, type OpContext } from './applyOne';
import { insertRows, type TableRows } from './insertRows';
import { writeInOneStatement } from './oneStatement';
import { readySales, type ReadySale } from './saleBatchChecks';
import { batchFacts, type BatchFacts } from './saleBatchFacts';
import {
  graphValuesOf,
  LINK_KEY,
  observeCardsAtSales,
  observeOneByOne,
  planCardLinks,
} from './saleBatchIdentity';
import { configVersionsOf, recordSalesLoyalty, type CardSale } from './saleBatchLoyalty';
import { BatchAborted, inSavepoint } from './transaction';

/** The batch is not all new, valid sales after all: it goes one operation at a time. */
class NotAllNew extends Error {}

/**
 * Records a batch of new, valid sales with a few statements per table instead of a dozen per sale
 * (docs/sync-protocol.md §14.2). Every check of the one-at-a-time path is made first, for the
 * whole batch: the stream is at the first `seq`, no operation id, sale id, receipt number or link
 * code is known (on PostgreSQL the last three by their unique keys, as the rows are written), every
 * sale is in the store's currency. Anything else, or any statement failing, undoes what this wrote
 * (its own savepoint) and returns null: the caller then applies the batch one operation at a time
 * in the same transaction, where each operation gets its own answer.
 */
export async function applySalesAtOnce(
  trx: Kysely<Database>,
  dialect: Dialect,
  ctx: OpContext,
  ops: readonly OutboxOp[],
  ready = salesAtOnce(ops),
  { savepointTaken = false, alsoUpdate = [] }: AtOnceOptions = {},
): Promise<OpResult[] | null> {
  if (!ready) return null;
  const pg = dialect === 'postgres';
  try {
    return await inSavepoint(
      trx,
      async () => {
        const sales = await withCustomers(trx, dialect, ctx, ready);
        const now = new Date().toISOString();
        const context = { receivedAt: now, clockSuspect: ctx.clockSuspect };
        const vat = vatFrom(sales.facts.productRates);
        const rows = sales.map((s) => saleRows(ctx.scope, s.op.opId, s.sale, s.customerId, context, vat));
        // Written after the sale rows in the same transaction (on PostgreSQL, the same statement), so
        // a code is never redeemable for a sale that is not recorded (server/linkCodes/registerLinkCode.ts).
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
        const outcomes = sales.map(({ sale }): OpOutcome => ({ outcome: 'applied', entityId: sale.saleId }));
        const tables: TableRows[] = [
          { table: 'sales', rows: rows.map((r) => r.sale) },
          { table: 'sale_lines', rows: rows.flatMap((r) => r.lines) },
          { table: 'sale_payments', rows: rows.flatMap((r) => r.payments) },
          { table: 'link_codes', rows: codes },
          { table: 'applied_ops', rows: sales.map(({ op }, i) => appliedOpRow(ctx, op, outcomes[i]!, now)) },
        ];
        const first = ops[0]!.seq;
        const advance = {
          deviceId: ctx.scope.deviceId,
          installId: ctx.installId,
          from: first,
          to: first + ops.length - 1,
        };
        // Each card sale is evidence of its own (a card in too many sales a day counts as shared,
        // docs/identity.md), so each is observed, as applySale does one at a time: one link per
        // sale, written for the whole batch at once.
        const cardSales = sales.flatMap(({ sale, customerId }) =>
          customerId === null || sale.cardNumber === null
            ? []
            : [{ saleId: sale.saleId, cardNumber: sale.cardNumber, holderId: customerId }],
        );
        // The caller's updates go with the batch's last statement, the loyalty one when there is one.
        const loyaltyLast = movesLoyalty(sales);
        if (pg) {
          // One statement for every row of the sales, their evidence and the stream's advance.
          const links = await planCardLinks(trx, cardSales, sales.facts.graphCards);
          await writeInOneStatement(
            trx,
            [...tables, { table: 'identity_links', rows: links.links, conflict: LINK_KEY }],
            [
              ...(links.touched.length === 0
                ? []
                : [
                    sql`update identity_identifiers set last_seen_at = ${links.at}, verified = 1
                    where id = any(${links.touched}::text[])`,
                  ]),
              ...(loyaltyLast || links.oneByOne.length > 0 ? [] : alsoUpdate),
            ],
            advance,
          );
          // Rare (a card only `observe` can place): the caller's updates then come after it.
          await observeOneByOne(trx, links);
          if (!loyaltyLast && links.oneByOne.length > 0) await writeInOneStatement(trx, [], alsoUpdate);
        } else {
          for (const { table, rows: tableRows } of tables) await insertRows(trx, dialect, table, tableRows);
          await advanceStream(trx, advance.deviceId, advance.installId, advance.from, advance.to);
          await observeCardsAtSales(trx, dialect, cardSales);
        }
        // Last: the accounts are shared with other tills' batches, so they are held the least time.
        await recordSalesLoyalty(
          trx,
          dialect,
          sales,
          now,
          sales.facts.configs,
          loyaltyLast ? alsoUpdate : [],
        );
        return sales.map(({ op }, i): OpResult => ({
          opId: op.opId,
          seq: op.seq,
          status: 'applied',
          outcome: outcomes[i] as Extract<OpOutcome, { outcome: 'applied' }>,
        }));
        // PostgreSQL: the savepoint is the batch's last, so it is left to end with the transaction.
      },
      { taken: savepointTaken && pg, kept: pg },
    );
  } catch (error) {
    // A conflict, a value the database refused, a race with another process: the savepoint is
    // rolled back, and the one-at-a-time path finds out which operation it was and answers it.
    if (error instanceof BatchAborted) throw error;
    return null;
  }
}

export type AtOnceOptions = {
  /** PostgreSQL: the batch's transaction took the savepoint as it began (`inBatchTransaction`). */
  savepointTaken?: boolean;
  /**
   * PostgreSQL: the caller's own updates (the device's figures), written with the batch's last
   * statement instead of a round trip of their own after it; undone with the rest on failure.
   */
  alsoUpdate?: readonly RawBuilder<unknown>[];
};

/** Whether the batch's sales write loyalty (`recordSalesLoyalty`): those with a card do. */
const movesLoyalty = (sales: readonly CardSale[]) => sales.some((s) => s.sale.cardNumber !== null);

/**
 * The batch's sales when they may be recorded at once, by the checks that need no database
 * (./saleBatchChecks.ts); null when it goes one operation at a time. Worked out before the batch
 * takes a connection and its locks: it is most of the Node work a batch costs.
 */
export function salesAtOnce(ops: readonly OutboxOp[]): ReadySale[] | null {
  // This is `applySale` for many sales at once; where the command is not that, one at a time.
  if (commandFor('sale.record') !== applySale) return null;
  const ready = readySales(ops);
  return ready && ready.length > 0 ? ready : null;
}

/**
 * The checks that need the database, for the whole batch at once, and each sale's customer by its
 * card. Throws `NotAllNew` when any sale would not simply be applied.
 */
async function withCustomers(
  trx: Kysely<Database>,
  dialect: Dialect,
  ctx: OpContext,
  ready: readonly ReadySale[],
): Promise<CardSale[] & { facts: BatchFacts }> {
  const facts = await batchFacts(trx, dialect, ctx, {
    ready,
    productIds: productsWithoutRate(ready.flatMap((r) => r.sale.lines)),
    graphValues: [
      ...new Set(
        [
          ...graphValuesOf(
            ready.flatMap((r) => (r.sale.cardNumber === null ? [] : [r.sale.cardNumber])),
          ).values(),
        ].filter((v): v is string => v !== null),
      ),
    ],
    configVersions: configVersionsOf(ready),
  });
  if (facts.nextSeq !== ready[0]!.op.seq || facts.taken) throw new NotAllNew();
  if (ready.some(({ sale }) => sale.currency !== facts.currency)) throw new NotAllNew();
  // A card whose holder was erased: that sale is stored without it (applySale), one at a time.
  if (facts.erasedCard) throw new NotAllNew();
  const sales = ready.map((r) => ({
    ...r,
    customerId: r.sale.cardNumber === null ? null : (facts.holders.get(r.sale.cardNumber) ?? null),
  }));
  return Object.assign(sales, { facts });
}
