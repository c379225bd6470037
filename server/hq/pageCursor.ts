import { z } from 'zod';
import { parseJsonText } from '../../shared/validation';

/**
 * A page of an HQ list ends at a row; the next starts strictly after it in (received_at, id)
 * order, both set by the server, so rows recorded meanwhile neither shift nor repeat a page.
 */
export const pagePositionSchema = z.object({
  receivedAt: z.string().min(1).max(40),
  id: z.string().min(1).max(64),
});
export type PagePosition = z.infer<typeof pagePositionSchema>;

export function encodePageCursor(position: PagePosition): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** The position a cursor names; null for anything this server did not give out. */
export function decodePageCursor(cursor: string): PagePosition | null {
  const parsed = parseJsonText(pagePositionSchema, Buffer.from(cursor, 'base64url').toString('utf8'));
  return parsed.ok ? parsed.value : null;
}
