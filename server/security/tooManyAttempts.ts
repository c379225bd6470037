import { TRPCError } from '@trpc/server';

/** The cause carried by a TOO_MANY_REQUESTS error, so the HTTP answer can say when to retry. */
export class AttemptsLocked extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`locked for ${retryAfterSeconds} s`);
  }
}

/**
 * The refusal of a locked sign-in or enrolment. One wording whether or not the account or code
 * exists, so the answer reveals nothing but the wait.
 */
export function tooManyAttempts(retryAfterSeconds: number): TRPCError {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return new TRPCError({
    code: 'TOO_MANY_REQUESTS',
    message: `Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    cause: new AttemptsLocked(retryAfterSeconds),
  });
}

/**
 * The `Retry-After` header for an answer that holds refusals (RFC 9110 §10.2.3): the longest wait
 * among them, so a client that honours it retries no call too early.
 */
export function retryAfterHeaders(errors: readonly TRPCError[]): Record<string, string> {
  const waits = errors.flatMap((e) => (e.cause instanceof AttemptsLocked ? [e.cause.retryAfterSeconds] : []));
  return waits.length > 0 ? { 'Retry-After': String(Math.max(...waits)) } : {};
}
