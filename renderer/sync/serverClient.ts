import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '../../server/trpc/routers/app';

export type ServerClient = ReturnType<typeof createServerClient>;

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
      }),
    ],
  });
}
