import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { assertNever } from '../../../shared/domain/assertNever';
import { plainText } from '../../../shared/domain/text';
import { enrolFromAddress, type EnrolResult } from '../../devices/enrolment';
import { deviceProfile } from '../../devices/profile';
import { tooManyAttempts } from '../../security/tooManyAttempts';
import { deviceProcedure, publicProcedure, router } from '../init';

export const deviceRouter = router({
  /** Exchanges a one-time code for this till's token. Only the token's hash is kept. */
  enroll: publicProcedure
    .input(
      z.object({
        code: z.string().trim().pipe(plainText(32, 4)),
        // Stored and shown at HQ: plain text only (PostgreSQL cannot store a NUL at all).
        name: z.string().trim().pipe(plainText(80)),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const result = await enrolFromAddress(ctx.db, { ...input, address: ctx.clientAddress });
      if (!result.ok) throw enrolRefused(result);
      return { deviceId: result.deviceId, token: result.token, store: result.store };
    }),

  me: deviceProcedure.query(async ({ ctx }) => {
    const profile = await deviceProfile(ctx.db, ctx.device);
    if (!profile) throw new TRPCError({ code: 'NOT_FOUND', message: "This till's store no longer exists" });
    return profile;
  }),
});

/** Each refusal in words a cashier can act on; the reason code rides along as the cause. */
function enrolRefused(refusal: Extract<EnrolResult, { ok: false }>): TRPCError {
  const { reason } = refusal;
  const cause = new Error(reason);
  switch (reason) {
    case 'unknown_code':
      return new TRPCError({
        code: 'NOT_FOUND',
        message: 'This enrolment code does not exist. Check it, or ask HQ for a new one.',
        cause,
      });
    case 'code_used':
      return new TRPCError({
        code: 'FORBIDDEN',
        message: 'This enrolment code was already used. Ask HQ for a new one.',
        cause,
      });
    case 'code_expired':
      return new TRPCError({
        code: 'FORBIDDEN',
        message: 'This enrolment code has expired. Ask HQ for a new one.',
        cause,
      });
    case 'too_many_attempts':
      return tooManyAttempts(refusal.retryAfterSeconds);
    default:
      return assertNever(reason);
  }
}
