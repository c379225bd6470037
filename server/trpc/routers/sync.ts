import { TRPCError } from '@trpc/server';
import { pullInputSchema, pushInputSchema, reportStatusInputSchema } from '../../../shared/sync/protocol';
import { recordDeviceStatus } from '../../sync/deviceStatus';
import { pullChanges } from '../../sync/pull';
import { pushOps } from '../../sync/push';
import { snapshotFor } from '../../sync/snapshots';
import { deviceProcedure, router } from '../init';

export const syncRouter = router({
  push: deviceProcedure.input(pushInputSchema).mutation(async ({ ctx, input }) => {
    if (input.deviceId !== ctx.device.deviceId) {
      throw new TRPCError({ code: 'FORBIDDEN', message: 'A device can push only as itself' });
    }
    return pushOps(ctx.db, { deviceId: ctx.device.deviceId, storeId: ctx.device.storeId }, input);
  }),

  /** A read: it writes nothing, so it may be repeated freely. `input.status` is ignored. */
  pull: deviceProcedure.input(pullInputSchema).query(async ({ ctx, input }) => {
    if (input.storeId !== undefined && input.storeId !== ctx.device.storeId) {
      throw new TRPCError({ code: 'FORBIDDEN', message: "A device can read only its own store's data" });
    }
    const page = await pullChanges(ctx.db, ctx.device.storeId, input.cursor, input.limit);
    if (page === 'invalid_cursor')
      throw new TRPCError({ code: 'BAD_REQUEST', message: 'Unknown pull cursor' });
    return page;
  }),

  /**
   * A read: the manifest of a recent snapshot of the device's store, built if there is none; its
   * parts are fetched over plain HTTP (docs/sync-protocol.md §17).
   */
  snapshot: deviceProcedure.query(
    async ({ ctx }) => (await snapshotFor(ctx.db, ctx.device.storeId)).manifest,
  ),

  reportStatus: deviceProcedure
    .input(reportStatusInputSchema)
    .mutation(({ ctx, input }) => recordDeviceStatus(ctx.db, ctx.device.deviceId, input)),
});
