import { z } from 'zod';
import { assertNever } from '../domain/assertNever';
import { cardIssueSchema } from '../domain/cardIssue';
import { saleSchema } from '../domain/sale';
import { pickupConfirmSchema } from '../domain/pickup';
import { cashMoveSchema, shiftCloseSchema, shiftOpenSchema } from '../domain/shift';
import { saleReturnSchema } from '../domain/saleReturn';
import { parseUnknown } from '../validation';

/**
 * Operation kinds a till can queue, each with the payload schema of every version the server still
 * accepts. Synced shapes are additive-only: a new version adds fields, and `upcast` lifts older
 * payloads to the current one on the server, so a queue written by an old app still drains.
 */
export const operationKinds = {
  'sale.record': {
    currentVersion: 1,
    versions: { 1: saleSchema },
  },
  'shift.open': { currentVersion: 1, versions: { 1: shiftOpenSchema } },
  'cash.move': { currentVersion: 1, versions: { 1: cashMoveSchema } },
  'shift.close': { currentVersion: 1, versions: { 1: shiftCloseSchema } },
  'card.issue': {
    currentVersion: 1,
    versions: { 1: cardIssueSchema },
  },
  'return.record': {
    currentVersion: 1,
    versions: { 1: saleReturnSchema },
  },
  'pickup.confirm': { currentVersion: 1, versions: { 1: pickupConfirmSchema } },
} as const;

export type OperationKind = keyof typeof operationKinds;
export const operationKindSchema = z.enum(Object.keys(operationKinds) as [OperationKind, ...OperationKind[]]);

export type OperationPayload<K extends OperationKind> = z.output<
  (typeof operationKinds)[K]['versions'][(typeof operationKinds)[K]['currentVersion']]
>;

export type ParsedOperation =
  | { ok: true; kind: 'sale.record'; payload: OperationPayload<'sale.record'> }
  | { ok: true; kind: 'shift.open'; payload: OperationPayload<'shift.open'> }
  | { ok: true; kind: 'cash.move'; payload: OperationPayload<'cash.move'> }
  | { ok: true; kind: 'shift.close'; payload: OperationPayload<'shift.close'> }
  | { ok: true; kind: 'card.issue'; payload: OperationPayload<'card.issue'> }
  | { ok: true; kind: 'return.record'; payload: OperationPayload<'return.record'> }
  | { ok: true; kind: 'pickup.confirm'; payload: OperationPayload<'pickup.confirm'> }
  | { ok: false; reason: 'unknown_version' | 'invalid_payload'; detail: string };

/** Validates a payload of a given kind and version, lifting it to the current version. */
export function parseOperationPayload(
  kind: OperationKind,
  schemaVersion: number,
  payload: unknown,
): ParsedOperation {
  switch (kind) {
    case 'sale.record': {
      const schema = schemaVersion === 1 ? operationKinds[kind].versions[1] : undefined;
      if (!schema) return { ok: false, reason: 'unknown_version', detail: `sale.record v${schemaVersion}` };
      const parsed = parseUnknown(schema, payload);
      if (!parsed.ok) return { ok: false, reason: 'invalid_payload', detail: parsed.error };
      return { ok: true, kind, payload: parsed.value };
    }
    // Shift operations have one version so far; a second adds its upcast here.
    case 'shift.open': {
      const parsed = parseVersionOne(kind, schemaVersion, operationKinds[kind].versions[1], payload);
      return parsed.ok ? { ok: true, kind, payload: parsed.value } : parsed;
    }
    case 'cash.move': {
      const parsed = parseVersionOne(kind, schemaVersion, operationKinds[kind].versions[1], payload);
      return parsed.ok ? { ok: true, kind, payload: parsed.value } : parsed;
    }
    case 'shift.close': {
      const parsed = parseVersionOne(kind, schemaVersion, operationKinds[kind].versions[1], payload);
      return parsed.ok ? { ok: true, kind, payload: parsed.value } : parsed;
    }
    case 'card.issue': {
      const schema = schemaVersion === 1 ? operationKinds[kind].versions[1] : undefined;
      if (!schema) return { ok: false, reason: 'unknown_version', detail: `card.issue v${schemaVersion}` };
      const parsed = parseUnknown(schema, payload);
      if (!parsed.ok) return { ok: false, reason: 'invalid_payload', detail: parsed.error };
      return { ok: true, kind, payload: parsed.value };
    }
    case 'return.record': {
      const schema = schemaVersion === 1 ? operationKinds[kind].versions[1] : undefined;
      if (!schema) return { ok: false, reason: 'unknown_version', detail: `return.record v${schemaVersion}` };
      const parsed = parseUnknown(schema, payload);
      if (!parsed.ok) return { ok: false, reason: 'invalid_payload', detail: parsed.error };
      return { ok: true, kind, payload: parsed.value };
    }
    case 'pickup.confirm': {
      const parsed = parseVersionOne(kind, schemaVersion, operationKinds[kind].versions[1], payload);
      return parsed.ok ? { ok: true, kind, payload: parsed.value } : parsed;
    }
    default:
      return assertNever(kind);
  }
}

function parseVersionOne<T>(
  kind: OperationKind,
  schemaVersion: number,
  schema: z.ZodType<T>,
  payload: unknown,
): { ok: true; value: T } | { ok: false; reason: 'unknown_version' | 'invalid_payload'; detail: string } {
  if (schemaVersion !== 1)
    return { ok: false, reason: 'unknown_version', detail: `${kind} v${schemaVersion}` };
  const parsed = parseUnknown(schema, payload);
  return parsed.ok ? parsed : { ok: false, reason: 'invalid_payload', detail: parsed.error };
}
