import { pickupRejectReasonSchema, type PickupRejectReason } from '../../shared/domain/pickup';
import type { MessageKey } from '../app/i18n';

const WHAT_TO_DO: Record<PickupRejectReason, MessageKey> = {
  already_collected: 'pickup.reject.already_collected',
  wrong_store: 'pickup.reject.wrong_store',
  expired: 'pickup.reject.expired',
  cancelled: 'pickup.reject.cancelled',
  unknown_order: 'pickup.reject.unknown_order',
  line_mismatch: 'pickup.reject.line_mismatch',
};

/** What the desk tells the clerk to do about a refused hand-out; undefined for other reasons. */
export function whatToDo(reason: string | null): MessageKey | undefined {
  const known = pickupRejectReasonSchema.safeParse(reason);
  return known.success ? WHAT_TO_DO[known.data] : undefined;
}
