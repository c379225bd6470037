import { parseOperationPayload, type ParsedOperation } from '../../../shared/sync/operations';
import type { OutboxOp } from '../../../shared/sync/protocol';
import { measurePayload, refuseUnstorableText, type Refusal } from '../admission';
import { serverPayloadHash } from '../payloadHash';

type Checks = {
  size?: { refusal: Refusal } | { canonical: string };
  hashMatches?: boolean;
  parsed?: ParsedOperation;
  unstorable?: Refusal | null;
};

/**
 * What an operation's payload is found to be without the database, worked out once per operation
 * of a request however many times it is looked at: a batch of sales checks its operations all
 * together first, and when that does not go through, the same operations are applied one at a
 * time (with retries); each step would otherwise measure, hash and parse the payload again.
 * Held by the operation object itself, so it goes when the request does.
 */
const checked = new WeakMap<OutboxOp, Checks>();

function checksOf(op: OutboxOp): Checks {
  let checks = checked.get(op);
  if (!checks) {
    checks = {};
    checked.set(op, checks);
  }
  return checks;
}

/** The server's bounds on the payload's depth and size (`measurePayload`), or null. */
export function oversized(op: OutboxOp): Refusal | null {
  const checks = checksOf(op);
  checks.size ??= measurePayload(op.payload);
  return 'refusal' in checks.size ? checks.size.refusal : null;
}

/** Whether the payload hashes to the hash it came with. Only for a payload within the bounds. */
export function hashMatches(op: OutboxOp): boolean {
  const checks = checksOf(op);
  if (checks.hashMatches === undefined) {
    checks.size ??= measurePayload(op.payload);
    if ('refusal' in checks.size) throw new Error('a payload past the bounds is not hashed');
    checks.hashMatches = serverPayloadHash(op.payload, checks.size.canonical) === op.payloadHash;
  }
  return checks.hashMatches;
}

/** The payload checked by its kind's versioned schema (`parseOperationPayload`). */
export function parsedPayload(op: OutboxOp): ParsedOperation {
  const checks = checksOf(op);
  checks.parsed ??= parseOperationPayload(op.kind, op.schemaVersion, op.payload);
  return checks.parsed;
}

/** `refuseUnstorableText` of a payload its schema accepted. */
export function unstorableText(op: OutboxOp, parsed: Extract<ParsedOperation, { ok: true }>): Refusal | null {
  const checks = checksOf(op);
  if (checks.unstorable === undefined) checks.unstorable = refuseUnstorableText(parsed.kind, parsed.payload);
  return checks.unstorable;
}
