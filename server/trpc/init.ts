import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { formatIssues, toValidationIssues } from '../../shared/validation';
import type { Context } from './context';

/**
 * tRPC is created once. No data transformer: plain JSON, so any HTTP client can call the API
 * (money in integer minor units, times as ISO-8601 strings). Validation errors read as
 * `path: message` lines and carry zod's issues.
 */
const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    // No stack traces leave the server; validation errors say what is wrong in plain words.
    const { stack: _stack, ...data } = shape.data;
    const zod = error.code === 'BAD_REQUEST' && error.cause instanceof ZodError ? error.cause : null;
    return {
      ...shape,
      message: zod ? formatIssues(toValidationIssues(zod.issues)) : shape.message,
      data: {
        ...data,
        zodIssues: zod ? zod.issues : null,
      },
    };
  },
});

export const router = t.router;
export const publicProcedure = t.procedure;
export const createCallerFactory = t.createCallerFactory;

/** Procedures a till calls: the token decides the device and its store, never the input. */
export const deviceProcedure = t.procedure.use(({ ctx, next }) => {
  if (!ctx.device) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'A valid device token is required' });
  return next({ ctx: { ...ctx, device: ctx.device } });
});

export const hqProcedure = t.procedure.use(({ ctx, next }) => {
  if (!ctx.hqUser) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to HQ first' });
  return next({ ctx: { ...ctx, hqUser: ctx.hqUser } });
});

export const hqAdminProcedure = hqProcedure.use(({ ctx, next }) => {
  if (ctx.hqUser.role !== 'admin') throw new TRPCError({ code: 'FORBIDDEN', message: 'HQ admins only' });
  return next();
});
