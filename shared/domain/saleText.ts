import { z } from 'zod';
import { plainText } from './text';

/**
 * The free-text fields of a sale (`sale.record`) as the server stores them: plain text only.
 * Kept apart from `saleSchema` on purpose. That schema is the versioned shape tills queue against
 * and may only grow (docs/sync-protocol.md §2.3); narrowing it would turn operations already
 * queued into a shape the guard refuses. This one is applied by the server on top, so a sale
 * holding a NUL or another control character is answered `rejected` with the field named. The
 * lengths repeat saleSchema's, so nothing valid there fails here but for its characters.
 *
 * @example saleStoredTextSchema.safeParse({ receiptNo: 'R\u0000', cardNumber: null, lines: [] }).success // false
 */
export const saleStoredTextSchema = z.object({
  receiptNo: plainText(40),
  cardNumber: plainText(40, 4).nullable(),
  lines: z.array(z.object({ productId: plainText(64), name: plainText(200) })),
});
