import type { Sale } from '../../../shared/domain/sale';
import type { OutboxOp } from '../../../shared/sync/protocol';
import { hashMatches, oversized, parsedPayload, unstorableText } from './opChecks';

export type ReadySale = { op: OutboxOp; sale: Sale };

/**
 * The sales of a batch that can all be recorded at once, or null when anything in it needs to be
 * looked at one operation at a time (docs/sync-protocol.md §14.2): an operation of another kind, a
 * `seq` out of step, a payload too large, not matching its hash or refused by its schema, or two
 * operations of the batch sharing an operation id, a sale id, a receipt number or a link code.
 * The same checks as the one-at-a-time path, in the same order; only what passes them all is
 * taken together. What it finds of each payload is kept for the one-at-a-time path
 * (./opChecks.ts), which then does not work it out again.
 */
export function readySales(ops: readonly OutboxOp[]): ReadySale[] | null {
  const ready: ReadySale[] = [];
  const opIds = new Set<string>();
  const saleIds = new Set<string>();
  const receipts = new Set<string>();
  const linkCodes = new Set<string>();
  for (const [i, op] of ops.entries()) {
    if (op.kind !== 'sale.record') return null;
    if (i > 0 && op.seq !== ops[0]!.seq + i) return null;
    if (oversized(op) || !hashMatches(op)) return null;
    const parsed = parsedPayload(op);
    if (!parsed.ok || parsed.kind !== 'sale.record') return null;
    if (unstorableText(op, parsed)) return null;
    const sale = parsed.payload;
    if (!once(opIds, op.opId) || !once(saleIds, sale.saleId) || !once(receipts, sale.receiptNo)) return null;
    if (sale.linkCode !== undefined && !once(linkCodes, sale.linkCode)) return null;
    ready.push({ op, sale });
  }
  return ready;
}

function once(seen: Set<string>, value: string): boolean {
  if (seen.has(value)) return false;
  seen.add(value);
  return true;
}
