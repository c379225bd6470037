import { afterEach, describe, expect, it } from 'vitest';
import { connect } from '../../../server/db/connect';
import {
  admitAttempt,
  ATTEMPT_POLICIES,
  lockDurationMs,
  recentFailures,
  settleSuccess,
} from '../../../server/security/attemptLimiter';
import { engines, openTestDb, PG_URL, skipEngine, type TestDb } from '../support/databases';

const MIN = 60_000;

describe('lockout lengths', () => {
  it('double from one minute and stop at an hour', () => {
    const policy = ATTEMPT_POLICIES.login_account;
    expect([0, 1, 2, 3, 4, 5, 6, 7, 40].map((n) => lockDurationMs(policy, n) / MIN)).toEqual([
      1, 2, 4, 8, 16, 32, 60, 60, 60,
    ]);
  });
});

describe.each(engines)('attempt limiter on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    afterEach(() => t.dispose());

    it('locks after five failures, for longer each time, and starts over after a quiet day', async () => {
      t = await openTestDb(engine);
      let now = Date.parse('2030-01-01T00:00:00Z');
      const admit = () => admitAttempt(t.db, 'login_account', 'a@b.c', new Date(now));
      const burst = async () => {
        const answers = [];
        for (let i = 0; i < 6; i++) answers.push(await admit());
        return answers.map((a) => (a.ok ? 'ok' : a.retryAfterSeconds));
      };
      expect(await burst()).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 60]);
      now += MIN;
      expect(await burst()).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 120]);
      now += 2 * MIN;
      expect(await burst()).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 240]);
      now += 25 * 60 * MIN;
      expect(await burst()).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 60]);
    });

    it('admits exactly five of many attempts made at once, also from two server processes', async () => {
      t = await openTestDb(engine);
      const second = await secondProcess(t);
      try {
        const answers = await Promise.all(
          Array.from({ length: 40 }, (_, i) => admitAttempt(i % 2 ? second : t.db, 'login_account', 'x@y.z')),
        );
        expect(answers.filter((a) => a.ok)).toHaveLength(5);
      } finally {
        if (second !== t.db) await second.close();
      }
    });

    it('counts attempts that succeed and settle while others arrive, as tills enrolling together do', async () => {
      t = await openTestDb(engine);
      const second = await secondProcess(t);
      try {
        // Eight tills at once, six times over: each attempt succeeds and is given back, and a bucket
        // emptied by one attempt's success must not fail another attempt that found it a moment before.
        const answers = [];
        for (let round = 0; round < 6; round++) {
          const tills = Array.from({ length: 8 }, async (_, i) => {
            const db = i % 2 ? second : t.db;
            const admitted = await admitAttempt(db, 'enrol_address', '198.51.100.7');
            if (admitted.ok) await settleSuccess(db, 'enrol_address', '198.51.100.7', false);
            return admitted;
          });
          answers.push(...(await Promise.all(tills)));
        }
        expect(answers.filter((a) => a.ok)).toHaveLength(48);
        expect(await recentFailures(t.db)).toEqual([]);
      } finally {
        if (second !== t.db) await second.close();
      }
    });

    it('gives an attempt back on success: an account forgets, an address only subtracts', async () => {
      t = await openTestDb(engine);
      for (let i = 0; i < 3; i++) await admitAttempt(t.db, 'login_account', 'a@b.c');
      for (let i = 0; i < 3; i++) await admitAttempt(t.db, 'login_address', '192.0.2.1');
      await settleSuccess(t.db, 'login_account', 'a@b.c', true);
      await settleSuccess(t.db, 'login_address', '192.0.2.1', false);
      expect((await recentFailures(t.db)).map((r) => [r.kind, r.key, r.failures])).toEqual([
        ['login_address', '192.0.2.1', 2],
      ]);
    });
  });
});

/** On PostgreSQL a second pool on the same schema stands for a second server process. */
async function secondProcess(t: TestDb) {
  if (t.db.dialect !== 'postgres') return t.db;
  const { s: schema } = await t.db.kysely
    .selectNoFrom((eb) => eb.fn<string>('current_schema').as('s'))
    .executeTakeFirstOrThrow();
  return connect({ dialect: 'postgres', url: PG_URL, schema, poolSize: 5 });
}
