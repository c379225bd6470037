import { z } from 'zod';
import { assertNever } from '../../shared/domain/assertNever';
import { canonicalJson } from '../../shared/domain/canonicalJson';
import { nestedDeeperThan } from '../../shared/domain/jsonDepth';
import { MAX_OP_PAYLOAD_BYTES, MAX_PAYLOAD_DEPTH } from '../../shared/domain/limits';
import { saleStoredTextSchema } from '../../shared/domain/saleText';
import type { Sale } from '../../shared/domain/sale';
import { firstNonPlainCharacter, plainText } from '../../shared/domain/text';
import type { OperationKind } from '../../shared/sync/operations';
import { parseUnknown } from '../../shared/validation';
import { cardIssueStoredTextSchema } from '../../shared/domain/cardIssue';
import { pickupStoredTextSchema, type PickupConfirm } from '../../shared/domain/pickup';

/** The free text of shift operations: who, and why cash moved. */
const shiftStoredTextSchema = z.object({ cashierId: plainText(64), reason: plainText(200).optional() });

export type Refusal = { reason: 'invalid_payload' | 'payload_too_large'; detail: string };

/**
 * The server's own bounds on an operation's payload, checked before anything else looks at it
 * (the hash is computed over its canonical JSON, which recurses): nesting depth first, then size.
 * They are limits of this server (shared/domain/limits.ts), not part of the versioned schema.
 * A payload within them comes back with the canonical JSON measured, so the hash that follows
 * does not build it again.
 */
export function measurePayload(payload: unknown): { refusal: Refusal } | { canonical: string } {
  if (nestedDeeperThan(payload, MAX_PAYLOAD_DEPTH)) {
    return {
      refusal: {
        reason: 'invalid_payload',
        detail: `payload: nested deeper than ${MAX_PAYLOAD_DEPTH} levels`,
      },
    };
  }
  const canonical = canonicalJson(payload);
  const bytes = Buffer.byteLength(canonical, 'utf8');
  if (bytes > MAX_OP_PAYLOAD_BYTES) {
    return {
      refusal: {
        reason: 'payload_too_large',
        detail: `payload: ${bytes} bytes as canonical JSON, more than ${MAX_OP_PAYLOAD_BYTES}`,
      },
    };
  }
  return { canonical };
}

/**
 * Whether the stored text fields of a sale that passed `saleSchema` hold plain text only. The
 * schema has checked their lengths already, the same as `saleStoredTextSchema`'s, so then that
 * schema would pass too.
 */
function salePlainText(sale: Sale): boolean {
  if (firstNonPlainCharacter(sale.receiptNo) >= 0) return false;
  if (sale.cardNumber !== null && firstNonPlainCharacter(sale.cardNumber) >= 0) return false;
  return sale.lines.every(
    (line) => firstNonPlainCharacter(line.productId) < 0 && firstNonPlainCharacter(line.name) < 0,
  );
}

/**
 * Text the server is about to store, checked after the payload passed its versioned schema: a
 * control character in a receipt number or a product name is refused here with the field named,
 * on both engines alike, instead of failing inside PostgreSQL (which cannot store NUL in text).
 */
export function refuseUnstorableText(kind: OperationKind, payload: unknown): Refusal | null {
  switch (kind) {
    case 'sale.record': {
      // Nearly every sale is plain text throughout: found so without a second walk by the schema,
      // which runs only to name the field that is not.
      if (salePlainText(payload as Sale)) return null;
      const checked = parseUnknown(saleStoredTextSchema, payload);
      return checked.ok ? null : { reason: 'invalid_payload', detail: checked.error };
    }
    case 'shift.open':
    case 'cash.move':
    case 'shift.close': {
      const checked = parseUnknown(shiftStoredTextSchema, payload);
      return checked.ok ? null : { reason: 'invalid_payload', detail: checked.error };
    }
    case 'card.issue': {
      const checked = parseUnknown(cardIssueStoredTextSchema, payload);
      return checked.ok ? null : { reason: 'invalid_payload', detail: checked.error };
    }
    // Its one free-text field, the reason, is plain text in the versioned schema itself.
    case 'return.record':
      return null;
    case 'pickup.confirm': {
      const pickup = payload as PickupConfirm;
      const checked = parseUnknown(pickupStoredTextSchema, {
        verificationNote: pickup.verification.method === 'id_check' ? pickup.verification.note : null,
        refusalReasons: pickup.lines.map((l) => l.refusalReason || null),
      });
      return checked.ok ? null : { reason: 'invalid_payload', detail: checked.error };
    }
    default:
      return assertNever(kind);
  }
}
