import { expect } from 'vitest';
import type { Real } from './faultWorld';
import { withSyncStates } from '../../../../renderer/db/saleSync';
import { heldRecords } from '../../../../renderer/db/history';

/**
 * Acknowledged means on disk: every operation a delivered answer called recorded is in the
 * server's database, whatever was killed or lost since.
 */
export async function expectToldIsRecorded(real: Real): Promise<void> {
  if (real.told.size === 0) return;
  const recorded = await real.side.reader.kysely
    .selectFrom('applied_ops')
    .select('op_id')
    .where(
      'device_id',
      'in',
      real.tills.map((t) => t.deviceId),
    )
    .execute();
  const ids = new Set(recorded.map((r) => r.op_id));
  const missing = [...real.told.keys()].filter((opId) => !ids.has(opId));
  expect(missing, 'acknowledged operations missing on the server').toEqual([]);
}

/** Network back, every server up, and each till syncs until its queue is empty (or gives up). */
export async function settle(real: Real): Promise<void> {
  for (let i = 0; i < real.side.count; i++) await real.side.start(i);
  for (const till of real.tills) {
    till.proxy.faults.down = false;
    for (let round = 0; round < 10 && (await till.db.outbox.count()) > 0; round++) await till.sync.syncNow();
  }
}

/**
 * After the run has settled: every sale a till confirmed is on the server exactly once, under its
 * receipt number, nothing else is; the till's stream is recorded gap-free in seq order with the
 * operations the till wrote; and the till has nothing left to send.
 */
export async function expectExactlyOnce(real: Real): Promise<void> {
  await expectToldIsRecorded(real);
  for (const till of real.tills) {
    expect(await till.db.outbox.count(), 'operations still queued at the till').toBe(0);
    const tillSales = await till.db.sales.toArray();
    expect(tillSales.map((s) => [s.saleId, s.receiptNo]).sort()).toEqual([...till.confirmed].sort());
    expect((await withSyncStates(till.db, tillSales)).filter((s) => s.syncState !== 'synced')).toEqual([]);

    const serverSales = await real.side.reader.kysely
      .selectFrom('sales')
      .select(['id', 'receipt_no'])
      .where('device_id', '=', till.deviceId)
      .execute();
    expect(serverSales.map((s) => [s.id, s.receipt_no]).sort()).toEqual([...till.confirmed].sort());

    const ops = await real.side.reader.kysely
      .selectFrom('applied_ops')
      .select(['seq', 'op_id', 'status'])
      .where('device_id', '=', till.deviceId)
      .orderBy('seq')
      .execute();
    const history = await heldRecords(till.db);
    expect(ops.map((o) => [Number(o.seq), o.op_id, o.status])).toEqual(
      history.map((h, i) => [i + 1, h.opId, 'applied']),
    );
  }
}
