import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { formatIssues, toValidationIssues } from '../../shared/validation';
import { storeScopeOf, type HqRole } from '../auth/roles';
import { INTERNAL_ERROR_MESSAGE, logInternalError } from '../errors/internalError';
import type { Context } from './context';
import { isDataException } from '../db/errors';

/** The cause of a refusal a client tells apart by a stable word, e.g. `device_revoked`. */
export class RefusalReason extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * tRPC is created once. No data transformer: plain JSON, so any HTTP client can call the API
 * (money in integer minor units, times as ISO-8601 strings). Validation errors read as
 * `path: message` lines and carry zod's issues; a refusal may carry a `reason` word; an internal
 * error carries only an `errorId`, its detail is logged.
 */
const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error, path }) {
    // No stack traces leave the server; validation errors say what is wrong in plain words.
    const { stack: _stack, ...data } = shape.data;
    if (error.code === 'INTERNAL_SERVER_ERROR') {
      const errorId = logInternalError(`trpc ${path ?? '?'}`, error.cause ?? error);
      return {
        ...shape,
        message: `${INTERNAL_ERROR_MESSAGE} (error id ${errorId})`,
        data: { ...data, zodIssues: null, reason: null, errorId },
      };
    }
    const zod = error.code === 'BAD_REQUEST' && error.cause instanceof ZodError ? error.cause : null;
    return {
      ...shape,
      message: zod ? formatIssues(toValidationIssues(zod.issues)) : shape.message,
      data: {
        ...data,
        zodIssues: zod ? zod.issues : null,
        reason: error.cause instanceof RefusalReason ? error.cause.reason : null,
        errorId: null,
      },
    };
  },
});

export const router = t.router;

/**
 * Every procedure: a database error that the caller's input caused (a value PostgreSQL cannot
 * store, a number out of range: SQLSTATE class 22) is the client's mistake, answered 400 without
 * the driver's text, never a 500. Inputs are checked as plain text first; this catches the rest.
 */
const base = t.procedure.use(async ({ next }) => {
  const result = await next();
  if (!result.ok && isDataException(result.error.cause)) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: 'The request holds a value the server cannot store',
      cause: new RefusalReason('unstorable_value'),
    });
  }
  return result;
});

export const publicProcedure = base;
export const createCallerFactory = t.createCallerFactory;

/** Procedures a till calls: the token decides the device and its store, never the input. */
export const deviceProcedure = base.use(({ ctx, next }) => {
  if (!ctx.device) {
    if (ctx.deviceRefusal === 'revoked') {
      throw new TRPCError({
        code: 'UNAUTHORIZED',
        message: 'This till was disconnected by HQ: enrol it again',
        cause: new RefusalReason('device_revoked'),
      });
    }
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'A valid device token is required' });
  }
  return next({ ctx: { ...ctx, device: ctx.device } });
});

/** Signed in to HQ, even with a one-time password still to replace: `me` and choosing a password. */
export const hqSignedInProcedure = base.use(({ ctx, next }) => {
  if (!ctx.hqUser) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to HQ first' });
  return next({ ctx: { ...ctx, hqUser: ctx.hqUser } });
});

/**
 * Signed in with a password of one's own. Not for HQ procedures themselves: each of those is
 * built on a role builder below, so every one of them states who may call it.
 */
const hqProcedure = hqSignedInProcedure.use(({ ctx, next }) => {
  if (ctx.hqUser.mustChangePassword) {
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: 'Choose a new password first',
      cause: new RefusalReason('password_change_required'),
    });
  }
  return next();
});

/** Only the named roles pass; the caller's store scope rides along for reads and actions. */
function hqRoles(roles: readonly HqRole[]) {
  return hqProcedure.use(async ({ ctx, next }) => {
    if (!roles.includes(ctx.hqUser.role)) {
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: `Only ${roles.join(', ')} may do this`,
        cause: new RefusalReason('role_forbidden'),
      });
    }
    return next({ ctx: { scope: await storeScopeOf(ctx.db, ctx.hqUser) } });
  });
}

/** Reads: every role, a store manager limited to their stores (docs/operations.md §10.1). */
export const hqReadProcedure = hqRoles(['admin', 'analyst', 'store_manager']);
/**
 * Chain-wide customer identity (search by identifier, merges, the review queue): admins and
 * analysts. Store managers are scoped to stores, and the identity graph belongs to none.
 */
export const hqChainReadProcedure = hqRoles(['admin', 'analyst']);
/** Managing tills (enrolment codes, revocation): admins anywhere, store managers in their stores. */
export const hqStoreManagementProcedure = hqRoles(['admin', 'store_manager']);
/** Users, stores and anything chain-wide that changes. */
export const hqAdminProcedure = hqRoles(['admin']);
