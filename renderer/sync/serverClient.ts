import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '../../server/trpc/routers/app';

export type ServerClient = ReturnType<typeof createServerClient>;

/**
 * Something at the server's address answered over HTTP, but not with JSON (a proxy's error page,
 * another program on the port). Kept apart from "no answer at all", which is a network failure.
 */
export class NotAnApiAnswer extends Error {
  constructor(
    readonly httpStatus: number,
    statusText: string,
  ) {
    super(`HTTP ${httpStatus}${statusText ? ` ${statusText}` : ''}, not an API answer`);
  }
}

/**
 * Request bodies from this size on are sent gzip-compressed, once the server has said it reads
 * gzip. A push of 500 sales (about 600 KB of JSON) shrinks about tenfold (docs/sync-protocol.md
 * §15.3); below a few kilobytes the saving is less than a round trip's worth on any network.
 */
export const COMPRESS_FROM_BYTES = 4 * 1024;

export type ServerClientOptions = {
  /**
   * Compress large request bodies when the server accepts it. By default only for a server on
   * another machine: over the loopback the bytes cost nothing and compressing costs CPU.
   */
  compressRequests?: boolean;
};

/** Whether the server runs on this machine, where compressing a request cannot pay. */
export function isLoopback(serverUrl: string): boolean {
  const host = new URL(serverUrl).hostname;
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || host.startsWith('127.');
}

/** The text gzip-compressed, by the browser's own zlib (`CompressionStream`). */
export function gzip(text: string): Promise<ArrayBuffer> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Response(stream).arrayBuffer();
}

/**
 * Lets tRPC read JSON answers; anything else becomes a `NotAnApiAnswer` with its HTTP status.
 * A server says in `Accept-Encoding` on its answers that it reads gzip request bodies (RFC 7694
 * §3); from then on large bodies go compressed. A 415 (a server replaced by an older one) turns
 * that off and the request goes again, plain.
 */
function apiFetch(compress: boolean): typeof fetch {
  let serverReadsGzip = false;
  const send = async (input: Parameters<typeof fetch>[0], init: RequestInit | undefined) => {
    const body = init?.body;
    if (!compress || !serverReadsGzip || typeof body !== 'string' || body.length < COMPRESS_FROM_BYTES) {
      return { response: await fetch(input, init), compressed: false };
    }
    const headers = new Headers(init?.headers);
    headers.set('content-encoding', 'gzip');
    return { response: await fetch(input, { ...init, headers, body: await gzip(body) }), compressed: true };
  };
  return async (input, init) => {
    const first = await send(input, init);
    let response = first.response;
    if (first.compressed && response.status === 415) {
      await response.body?.cancel();
      serverReadsGzip = false;
      response = (await send(input, init)).response;
    }
    if (/\bgzip\b/i.test(response.headers.get('accept-encoding') ?? '')) serverReadsGzip = true;
    const type = response.headers.get('content-type') ?? '';
    if (!type.includes('json')) {
      await response.body?.cancel();
      throw new NotAnApiAnswer(response.status, response.statusText);
    }
    return response;
  };
}

/**
 * A typed client for the sync server. One request per call (no batching), so a failed push is
 * exactly one request to retry. Answers are still checked with zod by the callers, since the
 * server may run another version than this till.
 */
export function createServerClient(serverUrl: string, token?: string, options: ServerClientOptions = {}) {
  const compress = options.compressRequests ?? !isLoopback(serverUrl);
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${serverUrl.replace(/\/+$/, '')}/trpc`,
        headers: () => (token ? { authorization: `Bearer ${token}` } : {}),
        fetch: apiFetch(compress),
      }),
    ],
  });
}
