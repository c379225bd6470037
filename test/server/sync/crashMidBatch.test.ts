import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import type { OpResult, OutboxOp } from '../../../shared/sync/protocol';
import { engines, openTestDb, PG_URL, skipEngine, type TestDb } from '../support/databases';
import { count, makeSale, saleOp, setUpChain } from '../support/chain';
import { bundleIngestServer, startIngestProcess, type IngestProcess } from './support/ingestProcess';

const BATCH = 200;
const TOTAL = 1_600;

/**
 * The server killed with SIGKILL while it applies a batch (between `begin` and `commit`, or with
 * the commit done and the answer unsent): whatever it acknowledged is on disk, and sending every
 * operation again records each sale exactly once.
 */
describe.each(engines)('a server killed in the middle of a batch, on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb | undefined;
    let running: IngestProcess | undefined;
    let bundle: Awaited<ReturnType<typeof bundleIngestServer>>;
    beforeAll(async () => {
      bundle = await bundleIngestServer();
    });
    afterAll(() => bundle?.dispose());
    afterEach(async () => {
      await running?.kill();
      await t?.dispose();
    });

    it(
      'loses nothing it acknowledged and doubles nothing after the till sends it all again',
      { timeout: 180_000 },
      async () => {
        t = await openTestDb(engine);
        const chain = await setUpChain(t.db);
        const env: Record<string, string> =
          engine === 'sqlite'
            ? { DATA_DIR: t.dataDir }
            : {
                PG_URL,
                PG_SCHEMA: (await sql<{ s: string }>`select current_schema() as s`.execute(t.db.kysely))
                  .rows[0]!.s,
              };
        const installId = uuidv7();
        const ops: OutboxOp[] = Array.from({ length: TOTAL }, (_, i) =>
          saleOp(
            i + 1,
            makeSale({ receiptNo: `K-${i + 1}` }, [
              [8990, 2000],
              [5490, 1000],
            ]),
          ),
        );
        const pushOver = async (base: string, batch: OutboxOp[]) => {
          const res = await fetch(`${base}/trpc/sync.push`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${chain.tillA.token}` },
            body: JSON.stringify({ deviceId: chain.tillA.deviceId, installId, ops: batch }),
          });
          const body = (await res.json()) as { result: { data: { results: OpResult[] } } };
          return body.result.data.results;
        };

        // Push batch after batch; the kill lands while a batch is in flight.
        running = await startIngestProcess(bundle.file, env);
        const acknowledged = new Set<string>();
        const server = running;
        let settled = false;
        const drain = (async () => {
          for (let from = 0; from < TOTAL; from += BATCH) {
            const results = await pushOver(server.url, ops.slice(from, from + BATCH));
            for (const r of results) if (r.status === 'applied') acknowledged.add(r.opId);
          }
        })()
          .catch(() => 'cut off')
          .finally(() => (settled = true));
        // Two batches answered: the third is on its way or being applied when the kill comes.
        while (acknowledged.size < 2 * BATCH && !settled) await new Promise((r) => setTimeout(r, 5));
        await new Promise((r) => setTimeout(r, Math.random() * 40));
        await running.kill();
        expect(await drain).toBe('cut off');

        // Everything acknowledged survived the kill; what was not is not half there either.
        const kept = await t.db.kysely.selectFrom('applied_ops').select('op_id').execute();
        const keptIds = new Set(kept.map((r) => r.op_id));
        expect(acknowledged.size).toBeGreaterThan(0);
        for (const opId of acknowledged) expect(keptIds.has(opId)).toBe(true);
        expect(await count(t.db, 'sales')).toBe(keptIds.size);
        expect(await count(t.db, 'sale_lines')).toBe(2 * keptIds.size);

        // The till did not hear back for the cut-off batch: it sends everything from the start.
        running = await startIngestProcess(bundle.file, env);
        const answers: OpResult[] = [];
        for (let from = 0; from < TOTAL; from += BATCH)
          answers.push(...(await pushOver(running.url, ops.slice(from, from + BATCH))));
        expect(answers.filter((a) => a.status !== 'applied' && a.status !== 'duplicate')).toEqual([]);
        const duplicates = answers.filter((a) => a.status === 'duplicate').map((a) => a.opId);
        expect(new Set(duplicates)).toEqual(keptIds);
        expect(await count(t.db, 'sales')).toBe(TOTAL);
        expect(await count(t.db, 'applied_ops')).toBe(TOTAL);
        const distinct = await t.db.kysely
          .selectFrom('sales')
          .select((eb) => eb.fn.count<number>('receipt_no').distinct().as('n'))
          .executeTakeFirstOrThrow();
        expect(Number(distinct.n)).toBe(TOTAL);
      },
    );
  });
});
