import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { currencyCode } from '../../../shared/domain/money';
import { login } from '../../auth/login';
import { logout } from '../../auth/sessions';
import { issueEnrolmentCode } from '../../devices/enrolment';
import { customerPurchases } from '../../hq/customerPurchases';
import { createStore, listStoresWithDevices } from '../../hq/stores';
import { tooManyAttempts } from '../../security/tooManyAttempts';
import { hqAdminProcedure, hqProcedure, publicProcedure, router } from '../init';
import { signInAttemptsRouter } from './signInAttempts';

export const hqRouter = router({
  login: publicProcedure
    .input(z.object({ email: z.string().trim().min(3).max(200), password: z.string().min(1).max(200) }))
    .mutation(async ({ ctx, input }) => {
      const session = await login(ctx.db, {
        ...input,
        address: ctx.clientAddress,
        previousToken: ctx.sessionToken,
      });
      if (!session.ok && session.reason === 'too_many_attempts')
        throw tooManyAttempts(session.retryAfterSeconds);
      if (!session.ok) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Wrong email or password' });
      ctx.setSessionCookie(session.token, session.expiresAt);
      return session.user;
    }),

  logout: publicProcedure.mutation(async ({ ctx }) => {
    if (ctx.sessionToken) await logout(ctx.db, ctx.sessionToken);
    ctx.setSessionCookie(null);
    return { ok: true };
  }),

  me: hqProcedure.query(({ ctx }) => ctx.hqUser),

  signInAttempts: signInAttemptsRouter,

  customerPurchases: hqProcedure
    .input(z.object({ query: z.string().trim().min(3).max(200) }))
    .query(({ ctx, input }) => customerPurchases(ctx.db, input.query)),

  stores: hqProcedure.query(({ ctx }) => listStoresWithDevices(ctx.db)),

  createStore: hqAdminProcedure
    .input(
      z.object({
        code: z
          .string()
          .trim()
          .regex(/^[A-Z0-9-]{2,16}$/, '2–16 capital letters, digits or dashes'),
        name: z.string().trim().min(1).max(120),
        currency: currencyCode,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const result = await createStore(ctx.db, input);
      if (!result.ok) throw new TRPCError({ code: 'CONFLICT', message: `Store code ${input.code} is taken` });
      return { id: result.id };
    }),

  createEnrolmentCode: hqAdminProcedure
    .input(
      z.object({
        storeId: z.string().uuid(),
        ttlMinutes: z
          .number()
          .int()
          .min(5)
          .max(7 * 24 * 60)
          .default(1440),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const result = await issueEnrolmentCode(ctx.db, input.storeId, input.ttlMinutes);
      if (!result.ok) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such store' });
      return { code: result.code, expiresAt: result.expiresAt };
    }),
});
