import type { IncomingHttpHeaders } from 'node:http';
import type { MappedDelivery } from '../../../shared/domain/webOrder';
import type { Connection } from '../../webshop/connections';

/** What the edge reads from a signed delivery before storing it (docs/webshop-ingestion.md §3). */
export type Envelope = {
  topic: string;
  /** Unique per delivery within the connection; a repeat of the same delivery has the same key. */
  dedupeKey: string;
  deliveryId: string | null;
  triggeredAt: string | null;
};

export type EnvelopeResult = { ok: true; envelope: Envelope } | { ok: false; status: 400; message: string };

/** One platform: how its deliveries are signed, keyed and mapped. */
export type Adapter = {
  /** Whether the signature headers prove the body came from the holder of `secrets`. */
  verify(
    headers: IncomingHttpHeaders,
    body: Buffer,
    secrets: readonly string[],
    nowMs: number,
  ): SignatureCheck;
  envelope(headers: IncomingHttpHeaders, json: unknown, bodyHash: string): EnvelopeResult;
  /** The worker's step: the stored body (already JSON-checked) into the internal shape. */
  map(
    topic: string,
    json: unknown,
    connection: Connection,
  ): MappedDelivery | { kind: 'invalid'; error: string };
};

export type SignatureCheck = { ok: true } | { ok: false; message: string };

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
