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

/** Lets tRPC read JSON answers; anything else becomes a `NotAnApiAnswer` with its HTTP status. */
const fetchApi: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) {
    await response.body?.cancel();
    throw new NotAnApiAnswer(response.status, response.statusText);
  }
  return response;
};

/**
 * A typed client for the sync server. One request per call (no batching), so a failed push is
 * exactly one request to retry. Answers are still checked with zod by the callers, since the
 * server may run another version than this till.
 */
export function createServerClient(serverUrl: string, token?: string) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${serverUrl.replace(/\/+$/, '')}/trpc`,
        headers: () => (token ? { authorization: `Bearer ${token}` } : {}),
        fetch: fetchApi,
      }),
    ],
  });
}
