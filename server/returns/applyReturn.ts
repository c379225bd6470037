import type { Kysely } from 'kysely';
import { returnFigures, sumReturned, type SaleReturn } from '../../shared/domain/saleReturn';
import type { OpOutcome } from '../../shared/sync/protocol';
import type { Database } from '../db/schema';
import { appendEntry, moveBalance } from '../loyalty/ledger';
import { publishCustomerSummary } from '../loyalty/summary';
import { latestLoyaltyConfig } from '../loyalty/configs';
import type { ApplyContext, DeviceScope } from '../sync/applySale';

const rejected = (reason: string, detail: string): OpOutcome => ({ outcome: 'rejected', reason, detail });

/**
 * Records a return from a till, in the operation's transaction. Refused with a reason, never
 * trimmed: a return of a return (`return_of_return`), of a sale this server does not have
 * (`unknown_sale`), of more than is left once earlier returns are counted (`over_return`), or with
 * a refund other than the shared arithmetic gives (`refund_mismatch`).
 *
 * Loyalty follows the money: the share of the points the sale earned is taken back and the share
 * of the points it burned is given back, as `reversal` entries whose source is `<return id>/earn`
 * and `<return id>/burn` (the ledger's `(source_id, kind)` key makes each happen once). The earn
 * figure is the server's own ledger entry, not the till's estimate.
 */
export async function applyReturn(
  trx: Kysely<Database>,
  scope: DeviceScope,
  opId: string,
  ret: SaleReturn,
  { receivedAt }: ApplyContext,
): Promise<OpOutcome> {
  const again = await trx
    .selectFrom('returns')
    .select('id')
    .where('id', '=', ret.returnId)
    .executeTakeFirst();
  if (again) return rejected('return_id_taken', `return ${ret.returnId} is already recorded`);
  const ofReturn = await trx
    .selectFrom('returns')
    .select('id')
    .where('id', '=', ret.saleId)
    .executeTakeFirst();
  if (ofReturn) return rejected('return_of_return', `${ret.saleId} is a return; a return cannot be returned`);

  const sale = await trx
    .selectFrom('sales')
    .select(['id', 'store_id', 'card_number', 'customer_id'])
    .where('id', '=', ret.saleId)
    .executeTakeFirst();
  if (!sale) return rejected('unknown_sale', `sale ${ret.saleId} is not recorded on the server`);
  if (sale.store_id !== scope.storeId)
    return rejected('other_store', `sale ${ret.saleId} was made in another store`);

  const lines = await trx
    .selectFrom('sale_lines')
    .select(['line_no', 'quantity_milli', 'total_minor'])
    .where('sale_id', '=', ret.saleId)
    .execute();
  const earlier = await trx
    .selectFrom('return_lines')
    .innerJoin('returns', 'returns.id', 'return_lines.return_id')
    .select(['return_lines.line_no', 'return_lines.quantity_milli'])
    .where('returns.sale_id', '=', ret.saleId)
    .execute();
  const ledger = await trx
    .selectFrom('loyalty_ledger')
    .select(['kind', 'points'])
    .where('source_id', '=', ret.saleId)
    .where('kind', 'in', ['earn', 'burn'])
    .execute();
  const earned = Number(ledger.find((e) => e.kind === 'earn')?.points ?? 0);
  const burned = -Number(ledger.find((e) => e.kind === 'burn')?.points ?? 0);
  const figures = returnFigures(
    {
      lines: lines.map((l) => ({
        lineNo: Number(l.line_no),
        quantityMilli: Number(l.quantity_milli),
        totalMinor: Number(l.total_minor),
      })),
      paidMinor: await paidFor(trx, ret.saleId),
      pointsBurned: burned,
      pointsEarned: earned,
    },
    sumReturned([
      { lines: earlier.map((l) => ({ lineNo: Number(l.line_no), quantityMilli: Number(l.quantity_milli) })) },
    ]),
    ret.lines,
  );
  if (!figures.ok) {
    return figures.reason === 'over_return'
      ? rejected('over_return', `line ${figures.lineNo}: more than was sold, counting earlier returns`)
      : rejected('unknown_line', `sale ${ret.saleId} has no line ${figures.lineNo}`);
  }
  if (figures.refundMinor !== ret.refundMinor)
    return rejected('refund_mismatch', `refund: till ${ret.refundMinor}, server ${figures.refundMinor}`);

  await trx
    .insertInto('returns')
    .values({
      id: ret.returnId,
      op_id: opId,
      sale_id: ret.saleId,
      store_id: scope.storeId,
      device_id: scope.deviceId,
      refund_minor: ret.refundMinor,
      reason: ret.reason,
      wall_time: ret.wallTime,
      received_at: receivedAt,
      cashier_id: ret.cashierId ?? null,
      shift_id: ret.shiftId ?? null,
      approved_by: ret.approvedBy ?? null,
      // HQ finds a customer's returns by these (migration 0022).
      customer_id: sale.customer_id,
      card_number: sale.card_number,
    })
    .execute();
  await trx
    .insertInto('return_lines')
    .values(
      ret.lines.map((l) => ({ return_id: ret.returnId, line_no: l.lineNo, quantity_milli: l.quantityMilli })),
    )
    .execute();

  if (sale.card_number !== null) {
    const common = { customerId: sale.customer_id, cardNumber: sale.card_number, saleId: sale.id, opId };
    if (figures.earnedReversed > 0)
      await appendEntry(
        trx,
        { ...common, kind: 'reversal', points: -figures.earnedReversed, sourceId: `${ret.returnId}/earn` },
        receivedAt,
      );
    if (figures.burnedRestored > 0)
      await appendEntry(
        trx,
        { ...common, kind: 'reversal', points: figures.burnedRestored, sourceId: `${ret.returnId}/burn` },
        receivedAt,
      );
    if (sale.customer_id !== null) {
      // Money given back no longer counts towards the tier.
      await moveBalance(trx, sale.customer_id, 0, -ret.refundMinor, receivedAt);
      await publishCustomerSummary(trx, sale.customer_id, receivedAt, await latestLoyaltyConfig(trx));
    }
  }
  return { outcome: 'applied', entityId: ret.returnId };
}

/** What the sale's payments brought (its total less the part points paid). */
async function paidFor(trx: Kysely<Database>, saleId: string): Promise<number> {
  const paid = await trx
    .selectFrom('sale_payments')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_minor'), eb.lit(0)).as('paid'))
    .where('sale_id', '=', saleId)
    .executeTakeFirstOrThrow();
  return Number(paid.paid);
}
