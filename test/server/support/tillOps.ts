import { canonicalJson } from '../../../shared/domain/canonicalJson';
import type { SaleReturn } from '../../../shared/domain/saleReturn';
import type { ShiftFigures } from '../../../shared/domain/shift';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import type { OperationKind } from '../../../shared/sync/operations';
import { payloadHash, type OutboxOp } from '../../../shared/sync/protocol';

/** An operation as a till queues it, through JSON as it travels, so the hash covers what arrives. */
export function tillOp(seq: number, kind: OperationKind, payload: unknown): OutboxOp {
  const sent = JSON.parse(canonicalJson(payload)) as unknown;
  return {
    seq,
    opId: uuidv7(),
    kind,
    schemaVersion: 1,
    payload: sent,
    payloadHash: payloadHash(sent),
    wallTime: new Date().toISOString(),
  };
}

/** A return of `lines` of a sale with the refund the shared arithmetic gives. */
export function makeReturn(
  saleId: string,
  lines: SaleReturn['lines'],
  refundMinor: number,
  extra: Partial<SaleReturn> = {},
): SaleReturn {
  return {
    returnId: uuidv7(),
    saleId,
    lines,
    refunds: [{ method: 'cash', amountMinor: refundMinor }],
    refundMinor,
    reason: 'customer changed their mind',
    wallTime: new Date().toISOString(),
    ...extra,
  };
}

/** Z figures with nothing in them but what is given. */
export function zFigures(over: Partial<ShiftFigures> = {}): ShiftFigures {
  return {
    salesCount: 0,
    salesTotalMinor: 0,
    byMethod: {},
    returnsCount: 0,
    returnsTotalMinor: 0,
    cashInMinor: 0,
    cashOutMinor: 0,
    expectedCashMinor: 0,
    ...over,
  };
}
