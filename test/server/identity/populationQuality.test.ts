import { afterEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '../../../server/db/schema';
import { observe } from '../../../server/identity';
import { generatePopulation, scoreClusters } from '../../identity/population';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';

/** The goals README states for identity resolution on the labelled population. */
const GOALS = { precision: 0.999, recall: 0.98 };
const PEOPLE = { sqlite: 1500, postgres: 600 } as const;

/** Every identifier in the graph with the surviving profile it resolves to. */
async function predictedClusters(db: Kysely<Database>): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('identity_identifiers as i')
    .innerJoin('customers as c', 'c.id', 'i.customer_id')
    .select(['i.type', 'i.value', 'c.id', 'c.merged_into'])
    .execute();
  return new Map(rows.map((r) => [`${r.type}:${r.value}`, r.merged_into ?? r.id]));
}

describe.each(engines)('identity resolution quality on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    afterEach(() => t.dispose());

    it(`merges a labelled population with precision ≥ ${GOALS.precision * 100} % and recall ≥ ${GOALS.recall * 100} %`, async () => {
      t = await openTestDb(engine);
      const population = generatePopulation(PEOPLE[engine], 20261130);
      for (const { obs } of population.observations) await observe(t.db.kysely, obs);
      const score = scoreClusters(population, await predictedClusters(t.db.kysely));
      console.log(
        `identity quality (${engine}, ${population.people.length} people, ${population.observations.length} observations): ` +
          `precision ${(score.precision * 100).toFixed(3)} % of ${score.predictedPairs} linked pairs, ` +
          `recall ${(score.recall * 100).toFixed(3)} % of ${score.supportedPairs} pairs the evidence supports`,
      );
      expect(score.precision).toBeGreaterThanOrEqual(GOALS.precision);
      expect(score.recall).toBeGreaterThanOrEqual(GOALS.recall);
    }, 240_000);
  });
});
