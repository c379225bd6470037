import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { assertNever } from '../../../shared/domain/assertNever';
import { hqRole } from '../../auth/roles';
import {
  createUser,
  listUsers,
  resetPassword,
  setUserDisabled,
  updateUser,
  type UserChange,
} from '../../auth/users';
import { hqAdminProcedure, RefusalReason, router } from '../init';
import { plainText } from '../../../shared/domain/text';

const userId = z.object({ id: z.string().uuid() });
const profile = {
  name: z.string().trim().pipe(plainText(120)),
  role: hqRole,
  storeIds: z.array(z.string().uuid()).max(1000).default([]),
};

/** HQ users, for admins only: create, change role and stores, disable, reset a password. */
export const hqUsersRouter = router({
  list: hqAdminProcedure.query(({ ctx }) => listUsers(ctx.db)),

  create: hqAdminProcedure
    .input(z.object({ email: z.string().trim().pipe(plainText(200)).pipe(z.email()), ...profile }))
    .mutation(async ({ ctx, input }) => {
      const result = await createUser(ctx.db, input);
      if (!result.ok) throw refused(result.reason);
      return { id: result.id, oneTimePassword: result.oneTimePassword };
    }),

  update: hqAdminProcedure.input(userId.extend(profile)).mutation(async ({ ctx, input }) => {
    const result = await updateUser(ctx.db, ctx.hqUser.id, input);
    if (!result.ok) throw refused(result.reason);
    return { ok: true };
  }),

  /** Disabled users cannot sign in, and their open sessions end at once. */
  disable: hqAdminProcedure.input(userId).mutation(async ({ ctx, input }) => {
    const result = await setUserDisabled(ctx.db, ctx.hqUser.id, input.id, true);
    if (!result.ok) throw refused(result.reason);
    return { ok: true };
  }),

  enable: hqAdminProcedure.input(userId).mutation(async ({ ctx, input }) => {
    const result = await setUserDisabled(ctx.db, ctx.hqUser.id, input.id, false);
    if (!result.ok) throw refused(result.reason);
    return { ok: true };
  }),

  /** A one-time password, returned this once and stored only as a hash. */
  resetPassword: hqAdminProcedure.input(userId).mutation(async ({ ctx, input }) => {
    const result = await resetPassword(ctx.db, ctx.hqUser.id, input.id);
    if (!result.ok) throw refused(result.reason);
    return { oneTimePassword: result.oneTimePassword };
  }),
});

function refused(reason: Extract<UserChange, { ok: false }>['reason']): TRPCError {
  const cause = new RefusalReason(reason);
  switch (reason) {
    case 'email_taken':
      return new TRPCError({ code: 'CONFLICT', message: 'A user with this email exists', cause });
    case 'unknown_user':
      return new TRPCError({ code: 'NOT_FOUND', message: 'No such user', cause });
    case 'unknown_store':
      return new TRPCError({ code: 'BAD_REQUEST', message: 'storeIds: a store does not exist', cause });
    case 'own_account':
      return new TRPCError({
        code: 'FORBIDDEN',
        message: 'Another admin must change your own role, status or password',
        cause,
      });
    default:
      return assertNever(reason);
  }
}
