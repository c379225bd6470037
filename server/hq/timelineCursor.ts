import { z } from 'zod';
import { parseJsonText } from '../../shared/validation';

/**
 * A timeline page ends at an event; the next starts strictly after it in (at, id) order, both set
 * by the server (the time it recorded the event, and the event's id), so events recorded meanwhile
 * neither shift nor repeat a page.
 */
const cursorSchema = z.object({ at: z.string().min(1).max(40), id: z.string().min(1).max(80) });
export type TimelinePosition = z.infer<typeof cursorSchema>;

export function encodeTimelineCursor(position: TimelinePosition): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeTimelineCursor(cursor: string): TimelinePosition | null {
  const parsed = parseJsonText(cursorSchema, Buffer.from(cursor, 'base64url').toString('utf8'));
  return parsed.ok ? parsed.value : null;
}
