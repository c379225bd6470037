import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { observe, resolveCustomer, type Evidence, type Observation } from '../../../server/identity';
import { LIMITS } from '../../../server/identity/guardrails';
import { unmerge } from '../../../server/identity/unmerge';
import { isJunkValue } from '../../../shared/identity';
import { openTestDb, type TestDb } from '../support/databases';

/**
 * Graph properties over random observations, on one SQLite database: each run writes values of
 * its own (a run number inside every value), so runs never touch each other's clusters.
 */
let t: TestDb;
let run = 0;
beforeAll(async () => {
  t = await openTestDb('sqlite');
});
afterAll(() => t.dispose());

/** Cards and shop accounts of different shops: values that merge freely, never hitting a guardrail. */
const POOL = 7;
function poolIdentifier(
  ns: number,
  index: number,
): Observation['identifiers'][number] & { connectionId?: string } {
  return index < 4
    ? { type: 'card', value: `8${String(ns).padStart(6, '0')}${index}`, verified: true }
    : { type: 'shop_account', value: `c${index}:acct-${ns}`, verified: true };
}

const observationsArb = fc.array(
  fc.uniqueArray(fc.integer({ min: 0, max: POOL - 1 }), { minLength: 1, maxLength: 3 }),
  {
    minLength: 1,
    maxLength: 8,
  },
);

async function apply(ns: number, observations: number[][]): Promise<void> {
  for (const [n, indices] of observations.entries()) {
    await observe(t.db.kysely, {
      identifiers: indices.map((i) => poolIdentifier(ns, i)),
      evidence: 'verified_link_code',
      sourceRef: `link:${ns}-${n}`,
    });
  }
}

/** The clusters of the pool's identifiers as sets of pool indices, in a canonical order. */
async function partition(ns: number): Promise<{ canonical: string; byIndex: (string | null)[] }> {
  const byIndex: (string | null)[] = [];
  for (let i = 0; i < POOL; i++) byIndex.push(await resolveCustomer(t.db.kysely, poolIdentifier(ns, i)));
  const groups = new Map<string, number[]>();
  byIndex.forEach((c, i) => c !== null && groups.set(c, [...(groups.get(c) ?? []), i]));
  const canonical = JSON.stringify([...groups.values()].map((g) => g.join(',')).sort());
  return { canonical, byIndex };
}

/** The components the observations make, by union-find: what any arrival order must end with. */
function expectedPartition(observations: number[][]): string {
  const parent = Array.from({ length: POOL }, (_, i) => i);
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x] ?? x)));
  const seen = new Set<number>();
  for (const o of observations) {
    o.forEach((i) => seen.add(i));
    for (const i of o.slice(1)) parent[find(i)] = find(o[0] ?? i);
  }
  const groups = new Map<number, number[]>();
  [...seen].sort((a, b) => a - b).forEach((i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), i]));
  return JSON.stringify([...groups.values()].map((g) => g.join(',')).sort());
}

describe('identity graph properties', () => {
  it('ends with the same clusters whatever order the links arrive in', async () => {
    await fc.assert(
      fc.asyncProperty(
        observationsArb,
        fc.integer({ min: 0, max: 1_000_000 }),
        async (observations, shuffle) => {
          const reordered = [...observations];
          let s = shuffle;
          for (let i = reordered.length - 1; i > 0; i--) {
            s = (s * 1103515245 + 12345) % 2147483648;
            const j = s % (i + 1);
            [reordered[i], reordered[j]] = [reordered[j] ?? [], reordered[i] ?? []];
          }
          const a = ++run;
          const b = ++run;
          await apply(a, observations);
          await apply(b, reordered);
          const expected = expectedPartition(observations);
          expect((await partition(a)).canonical).toBe(expected);
          expect((await partition(b)).canonical).toBe(expected);
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);

  it('an unmerge after a merge restores the clusters and who each identifier belongs to', async () => {
    await fc.assert(
      fc.asyncProperty(
        observationsArb,
        fc.integer({ min: 0, max: POOL - 1 }),
        fc.integer({ min: 0, max: POOL - 1 }),
        async (observations, x, y) => {
          const ns = ++run;
          await apply(ns, observations);
          const before = await partition(ns);
          const [cx, cy] = [before.byIndex[x], before.byIndex[y]];
          fc.pre(cx !== null && cy !== null && cx !== cy);
          const merged = await observe(t.db.kysely, {
            identifiers: [poolIdentifier(ns, x), poolIdentifier(ns, y)],
            evidence: 'verified_link_code',
            sourceRef: `link:${ns}-wrong`,
          });
          expect(merged.outcome).toBe('merged');
          const merge = await t.db.kysely
            .selectFrom('identity_merges')
            .select('id')
            .where('source_ref', '=', `link:${ns}-wrong`)
            .executeTakeFirstOrThrow();
          expect(await unmerge(t.db.kysely, merge.id, 'hq-user', 'two people')).toMatchObject({ ok: true });
          const after = await partition(ns);
          expect(after.byIndex).toEqual(before.byIndex);
          const kinds = await t.db.kysely
            .selectFrom('identity_audit')
            .select('kind')
            .where('source_ref', 'in', [`link:${ns}-wrong`, `merge:${merge.id}`])
            .orderBy('id')
            .execute();
          expect(kinds.map((k) => k.kind)).toEqual(['merged', 'split']);
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);

  it('never bypasses a guardrail, whatever values, evidence and order', async () => {
    const evidence = fc.constantFrom<Evidence>(
      'card_at_sale',
      'verified_link_code',
      'shop_login',
      'webhook_order',
      'sdk_identify',
    );
    const identifierArb = (ns: number) =>
      fc.oneof(
        fc
          .integer({ min: 0, max: 5 })
          .map((i) => ({ type: 'card' as const, value: `9${String(ns).padStart(6, '0')}${i}` })),
        fc.integer({ min: 0, max: 3 }).map((i) => ({
          type: 'phone' as const,
          value: `+7 912 ${String(ns % 1000).padStart(3, '0')}-4${i}-5${i + 1}`,
        })),
        fc
          .integer({ min: 0, max: 3 })
          .map((i) => ({ type: 'email' as const, value: `p${i}.${ns}@example.org` })),
        fc
          .integer({ min: 0, max: 2 })
          .map((i) => ({ type: 'shop_account' as const, value: `shop:${ns}-${i}` })),
        fc.integer({ min: 0, max: 1 }).map((i) => ({
          type: 'visitor' as const,
          value: `0190abcd-${String(ns).padStart(4, '0')}-7000-8000-00000000000${i}`,
        })),
        fc.constantFrom(
          { type: 'phone' as const, value: '+7 999 999-99-99' },
          { type: 'email' as const, value: 'test@test.com' },
          { type: 'card' as const, value: '0000000000' },
        ),
      );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1 }).chain(() => {
          const ns = ++run;
          return fc.tuple(
            fc.constant(ns),
            fc.array(
              fc.record({
                identifiers: fc.array(fc.tuple(identifierArb(ns), fc.boolean()), {
                  minLength: 1,
                  maxLength: 4,
                }),
                evidence,
              }),
              { minLength: 1, maxLength: 12 },
            ),
          );
        }),
        async ([ns, observations]) => {
          const bySource = new Map<string, Observation>();
          for (const [n, o] of observations.entries()) {
            const obs: Observation = {
              identifiers: o.identifiers.map(([i, verified]) => ({ ...i, verified })),
              evidence: o.evidence,
              sourceRef: `g:${ns}-${n}`,
            };
            bySource.set(obs.sourceRef, obs);
            await observe(t.db.kysely, obs);
          }
          const k = t.db.kysely;
          const rows = await k
            .selectFrom('identity_identifiers as i')
            .innerJoin('customers as c', 'c.id', 'i.customer_id')
            .select(['i.type', 'i.value', 'i.verified', 'i.customer_id', 'c.merged_into'])
            .execute();
          const clusters = new Map<string, typeof rows>();
          for (const r of rows) {
            expect(isJunkValue(r.type, r.value)).toBe(false);
            const root = r.merged_into ?? r.customer_id;
            clusters.set(root, [...(clusters.get(root) ?? []), r]);
          }
          for (const members of clusters.values()) {
            expect(members.length).toBeLessThanOrEqual(LIMITS.clusterIdentifiers);
            for (const [type, limit] of Object.entries(LIMITS.perType)) {
              expect(members.filter((m) => m.type === type).length).toBeLessThanOrEqual(limit);
            }
            const shops = members.filter((m) => m.type === 'shop_account').map((m) => m.value.split(':')[0]);
            expect(new Set(shops).size).toBe(shops.length);
          }
          // merged_into always names a survivor, never a profile merged in turn.
          const pointed = await k
            .selectFrom('customers as c')
            .innerJoin('customers as s', 's.id', 'c.merged_into')
            .select('s.merged_into')
            .where('s.merged_into', 'is not', null)
            .execute();
          expect(pointed).toEqual([]);
          // Every merge came from an observation carrying two or more verified, non-visitor values.
          const merges = await k
            .selectFrom('identity_merges')
            .select('source_ref')
            .where('source_ref', 'like', `g:${ns}-%`)
            .execute();
          for (const m of merges) {
            const obs = bySource.get(m.source_ref);
            const strong = new Set(
              obs?.identifiers
                .filter((i) => i.verified && i.type !== 'visitor')
                .map((i) => `${i.type}:${i.value}`),
            );
            expect(strong.size).toBeGreaterThanOrEqual(2);
          }
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});
