import { sql, type Kysely } from 'kysely';
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
  if (dialect === 'postgres') return openStreamPostgres(trx, ctx, now);
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
  // SQLite: the batch's `begin immediate` holds the write lock, so no other process creates it meanwhile.
  await trx
    .insertInto('device_streams')
    .values({ device_id: deviceId, install_id: ctx.installId, next_seq: 1, created_at: now })
    .onConflict((oc) => oc.columns(['device_id', 'install_id']).doNothing())
    .execute();
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

/**
 * PostgreSQL: the same steps as one statement, one round trip where they were four: the stream
 * locked when it exists, else the device's streams counted and, under the cap, the stream created
 * (a row this transaction inserted is its own until it commits). When another process's batch
 * created the same stream meanwhile, the insert waits for it and does nothing; the stream is then
 * locked as it stands.
 */
async function openStreamPostgres(
  trx: Kysely<Database>,
  ctx: OpContext,
  now: string,
): Promise<'held' | 'created' | 'refused'> {
  const { deviceId } = ctx.scope;
  const { rows } = await sql<{ held: number; streams: number; created: number }>`
    with held as (
      select 1 from device_streams where device_id = ${deviceId} and install_id = ${ctx.installId} for update
    ), streams as (
      select count(*) as n from device_streams where device_id = ${deviceId}
    ), created as (
      insert into device_streams (device_id, install_id, next_seq, created_at)
      select ${deviceId}, ${ctx.installId}, 1, ${now}
      where not exists (select 1 from held) and (select n from streams) < ${MAX_INSTALL_STREAMS_PER_DEVICE}
      on conflict (device_id, install_id) do nothing
      returning 1
    )
    select (select count(*) from held) as held, (select n from streams) as streams,
      (select count(*) from created) as created`.execute(trx);
  const row = rows[0]!;
  if (Number(row.held) > 0) return 'held';
  if (Number(row.streams) >= MAX_INSTALL_STREAMS_PER_DEVICE) {
    await countLimitRefusal(trx, deviceId);
    return 'refused';
  }
  if (Number(row.created) === 0) await holdStream(trx, 'postgres', ctx);
  return 'created';
}
