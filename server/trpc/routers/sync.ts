import { TRPCError } from '@trpc/server';
import { pullInputSchema, pushInputSchema } from '../../../shared/sync/protocol';
import { pullChanges } from '../../sync/pull';
import { pushOps } from '../../sync/push';
import { deviceProcedure, router } from '../init';

export const syncRouter = router({
  push: deviceProcedure.input(pushInputSchema).mutation(async ({ ctx, input }) => {
    if (input.deviceId !== ctx.device.deviceId) {
      throw new TRPCError({ code: 'FORBIDDEN', message: 'A device can push only as itself' });
    }
    return pushOps(ctx.db, { deviceId: ctx.device.deviceId, storeId: ctx.device.storeId }, input);
  }),

  pull: deviceProcedure.input(pullInputSchema).query(async ({ ctx, input }) => {
    if (input.storeId !== undefined && input.storeId !== ctx.device.storeId) {
      throw new TRPCError({ code: 'FORBIDDEN', message: "A device can read only its own store's data" });
    }
    const page = await pullChanges(ctx.db, ctx.device.storeId, input.cursor, input.limit);
    if (page === 'invalid_cursor')
      throw new TRPCError({ code: 'BAD_REQUEST', message: 'Unknown pull cursor' });
    const now = new Date().toISOString();
    const status = input.status;
    await ctx.db.kysely
      .updateTable('devices')
      .set({
        last_pull_at: now,
        last_seen_at: now,
        ...(status && {
          pending_ops: status.pendingOps,
          oldest_pending_at: status.oldestPendingAt,
          local_rejected_ops: status.rejectedOps,
          storage_persisted: status.storagePersisted === null ? null : Number(status.storagePersisted),
          status_reported_at: now,
        }),
      })
      .where('id', '=', ctx.device.deviceId)
      .execute();
    return page;
  }),
});
