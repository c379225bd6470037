import type { Kysely } from 'kysely';
import type { OperationKind, OperationPayload } from '../../shared/sync/operations';
import type { OpOutcome } from '../../shared/sync/protocol';
import type { Database } from '../db/schema';
import { applyCashMove, applyShiftClose, applyShiftOpen } from '../shifts/applyShiftOps';
import { applyCardIssue } from './applyCardIssue';
import { applyReturn } from '../returns/applyReturn';
import { applyPickupConfirm } from '../pickup/applyPickupConfirm';
import { applySale, type ApplyContext, type DeviceScope } from './applySale';

/** Applies one validated operation inside its transaction and says what became of it. */
export type Command<K extends OperationKind> = (
  trx: Kysely<Database>,
  scope: DeviceScope,
  opId: string,
  payload: OperationPayload<K>,
  context: ApplyContext,
) => Promise<OpOutcome>;

export type CommandTable = { [K in OperationKind]: Command<K> };

const commands: CommandTable = {
  'sale.record': applySale,
  'shift.open': applyShiftOpen,
  'cash.move': applyCashMove,
  'shift.close': applyShiftClose,
  'card.issue': applyCardIssue,
  'return.record': applyReturn,
  'pickup.confirm': applyPickupConfirm,
};

// Keyed by kind; TypeScript cannot tie a generic K's key to its value type on write, so the
// table is typed per key where it is read (commandFor) and written (replaceCommandForTest).
const replaced: { [K in OperationKind]?: Command<K> } = {};

/** The command that applies an operation of this kind. */
export function commandFor<K extends OperationKind>(kind: K): Command<K> {
  return replaced[kind] ?? commands[kind];
}

/**
 * Replaces a command in this process until the returned function is called. For tests that need
 * the server to fail on an operation the way a bug would; production code never calls it.
 */
export function replaceCommandForTest<K extends OperationKind>(kind: K, command: Command<K>): () => void {
  // Indexed by a generic key, the table's value types intersect; each key holds its own command.
  const table = replaced as Partial<Record<OperationKind, Command<K>>>;
  const before = table[kind];
  table[kind] = command;
  return () => {
    if (before) table[kind] = before;
    else delete table[kind];
  };
}
