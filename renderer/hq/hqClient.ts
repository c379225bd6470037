import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import type { inferRouterOutputs } from '@trpc/server';
import { z } from 'zod';
import type { AppRouter } from '../../server/trpc/routers/app';
import { parseUnknown } from '../../shared/validation';

/** HQ pages are served by the server itself, so the session cookie rides along same-origin. */
export const hq = createTRPCClient<AppRouter>({
  links: [httpLink({ url: `${globalThis.location?.origin ?? ''}/trpc` })],
});

export type HqOutputs = inferRouterOutputs<AppRouter>['hq'];

export function errorText(error: unknown): string {
  if (error instanceof TRPCClientError) return error.data ? error.message : 'Server unreachable';
  return error instanceof Error ? error.message : String(error);
}

export function isUnauthorized(error: unknown): boolean {
  if (!(error instanceof TRPCClientError)) return false;
  const data = parseUnknown(z.object({ code: z.string() }), error.data);
  return data.ok && data.value.code === 'UNAUTHORIZED';
}
