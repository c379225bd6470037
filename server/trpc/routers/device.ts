import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { enrolDevice } from '../../devices/enrolment';
import { deviceProcedure, publicProcedure, router } from '../init';

const enrolMessages = {
  unknown_code: 'This enrolment code does not exist. Check it, or ask HQ for a new one.',
  code_used: 'This enrolment code was already used. Ask HQ for a new one.',
  code_expired: 'This enrolment code has expired. Ask HQ for a new one.',
} as const;

export const deviceRouter = router({
  /** Exchanges a one-time code for this till's token. Only the token's hash is kept. */
  enroll: publicProcedure
    .input(
      z.object({
        code: z.string().trim().min(4).max(32),
        name: z.string().trim().min(1).max(80),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const result = await enrolDevice(ctx.db, input.code, input.name);
      if (!result.ok) {
        throw new TRPCError({
          code: result.reason === 'unknown_code' ? 'NOT_FOUND' : 'FORBIDDEN',
          message: enrolMessages[result.reason],
          cause: new Error(result.reason),
        });
      }
      return { deviceId: result.deviceId, token: result.token, store: result.store };
    }),

  me: deviceProcedure.query(async ({ ctx }) => {
    const store = await ctx.db.kysely
      .selectFrom('stores')
      .select(['id', 'code', 'name', 'currency'])
      .where('id', '=', ctx.device.storeId)
      .executeTakeFirstOrThrow();
    return { deviceId: ctx.device.deviceId, name: ctx.device.name, store };
  }),
});
