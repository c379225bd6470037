import type { Kysely } from 'kysely';
import { MAX_INSTALL_STREAMS_PER_DEVICE } from '../../../shared/domain/limits';
import type { Database, Dialect } from '../../db/schema';
import type { OpContext } from './applyOne';
import { countLimitRefusal } from './quarantine';

/**
 * The batch's stream, opened in the batch's own transaction: on PostgreSQL its row is locked first
 * (docs/sync-protocol.md §14.3). A new install (a till whose local database was created afresh)
 * starts its own seq stream at 1, up to MAX_INSTALL_STREAMS_PER_DEVICE; created here, it commits
 * with the batch's first operations or not at all. Past the cap the refusal is counted, for HQ, and
 * nothing else is written. Two processes racing may pass the cap by one: it bounds storage, it
 * decides nothing about the data.
 */
export async function openStream(
  trx: Kysely<Database>,
  dialect: Dialect,
  ctx: OpContext,
  now: string,
): Promise<'held' | 'created' | 'refused'> {
  const { deviceId } = ctx.scope;
  if (await holdStream(trx, dialect, ctx)) return 'held';
  const streams = await trx
    .selectFrom('device_streams')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('device_id', '=', deviceId)
    .executeTakeFirstOrThrow();
  if (Number(streams.n) >= MAX_INSTALL_STREAMS_PER_DEVICE) {
    await countLimitRefusal(trx, deviceId);
    return 'refused';
  }
  // Another process's batch creating the same stream: PostgreSQL makes this insert wait for it.
  await trx
    .insertInto('device_streams')
    .values({ device_id: deviceId, install_id: ctx.installId, next_seq: 1, created_at: now })
    .onConflict((oc) => oc.columns(['device_id', 'install_id']).doNothing())
    .execute();
  // Locked as well when it was that other process's after all.
  if (dialect === 'postgres') await holdStream(trx, dialect, ctx);
  return 'created';
}

/** Whether the stream exists; on PostgreSQL its row is locked until the batch ends. */
async function holdStream(trx: Kysely<Database>, dialect: Dialect, ctx: OpContext): Promise<boolean> {
  const row = await trx
    .selectFrom('device_streams')
    .select('next_seq')
    .where('device_id', '=', ctx.scope.deviceId)
    .where('install_id', '=', ctx.installId)
    .$if(dialect === 'postgres', (qb) => qb.forUpdate())
    .executeTakeFirst();
  return row !== undefined;
}
