// @vitest-environment node
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { engines, skipEngine } from '../../server/support/databases';
import { expectExactlyOnce, settle } from './support/faultChecks';
import { faultCommands, Sell, type Model } from './support/faultCommands';
import { disposeTills, enrolTills, openServerSide, type ServerSide } from './support/faultWorld';

/**
 * The fault matrix (docs/sync-protocol.md §18): random runs of sales, syncs, reloads, network
 * drops, lost answers and server processes killed and started again, on SQLite (one process on the
 * database file) and PostgreSQL (two processes on one database, taking pushes from the same tills
 * at once). The tills run the store app's own database and sync code, here on fake-indexeddb.
 * After every step whatever a till was told is recorded is on the server; after every run each
 * confirmed sale is on the server exactly once. FAULT_MATRIX_RUNS sets how many runs (default 3),
 * FAULT_MATRIX_SEED replays one.
 */
const RUNS = Number(process.env.FAULT_MATRIX_RUNS ?? 3);
const SEED = process.env.FAULT_MATRIX_SEED === undefined ? undefined : Number(process.env.FAULT_MATRIX_SEED);
const TILLS = 2;

describe.each(engines)('the fault matrix on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let side: ServerSide;
    beforeAll(async () => {
      side = await openServerSide(engine);
    }, 120_000);
    afterAll(async () => {
      await side?.dispose();
    });

    it(
      'keeps every acknowledged operation and records each confirmed sale exactly once',
      { timeout: 60_000 + RUNS * 60_000 },
      async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.commands(faultCommands(TILLS, side.count), { maxCommands: 20, size: 'large' }),
            async (commands) => {
              const real = await enrolTills(side, TILLS);
              try {
                const model: Model = {
                  tills: real.tills.map(() => ({ sold: 0, down: false })),
                  servers: side.count,
                };
                // Every till starts with a queue, so the first faults already have sales to lose.
                for (const [t] of real.tills.entries()) await new Sell(t, 3).run(model, real);
                await fc.asyncModelRun(() => ({ model, real }), commands);
                await settle(real);
                await expectExactlyOnce(real);
              } finally {
                await disposeTills(real);
              }
            },
          ),
          { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }), endOnFailure: SEED === undefined },
        );
      },
    );
  });
});
