import type { Kysely } from 'kysely';
import type { OperationKind, OperationPayload } from '../../shared/sync/operations';
import type { OpOutcome } from '../../shared/sync/protocol';
import type { Database } from '../db/schema';
import { applyReturn } from '../returns/applyReturn';
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
  'return.record': applyReturn,
};

const replaced: Partial<CommandTable> = {};

/** The command that applies an operation of this kind. */
export function commandFor<K extends OperationKind>(kind: K): Command<K> {
  return replaced[kind] ?? commands[kind];
}

/**
 * Replaces a command in this process until the returned function is called. For tests that need
 * the server to fail on an operation the way a bug would; production code never calls it.
 */
export function replaceCommandForTest<K extends OperationKind>(kind: K, command: Command<K>): () => void {
  // One kind's slot, typed by the map for every kind at once; the key and the command agree by K.
  const slots = replaced as Partial<Record<K, Command<K>>>;
  const before = slots[kind];
  slots[kind] = command;
  return () => {
    if (before) slots[kind] = before;
    else delete replaced[kind];
  };
}
