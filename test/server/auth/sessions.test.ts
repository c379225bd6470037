import { afterEach, describe, expect, it } from 'vitest';
import {
  createSession,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  userBySession,
} from '../../../server/auth/sessions';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { addHqUser } from '../support/hqHttp';

describe.each(engines)('HQ session timeouts on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    afterEach(() => t.dispose());
    const at = (ms: number) => new Date(Date.parse('2030-01-01T08:00:00Z') + ms);

    async function session() {
      await addHqUser(t.db, 'boss@test.local', 'pw-123456');
      const user = await t.db.kysely.selectFrom('hq_users').select('id').executeTakeFirstOrThrow();
      return createSession(t.db, user.id, null, at(0));
    }

    it('ends after 30 minutes without use, however young', async () => {
      t = await openTestDb(engine);
      const { token } = await session();
      expect(await userBySession(t.db, token, at(SESSION_IDLE_MS - 1000))).not.toBeNull();
      // Used just now, so the idle clock restarts from this use.
      expect(await userBySession(t.db, token, at(2 * SESSION_IDLE_MS - 2000))).not.toBeNull();
      expect(await userBySession(t.db, token, at(3 * SESSION_IDLE_MS))).toBeNull();
      // And it is gone, not merely refused.
      expect(await t.db.kysely.selectFrom('hq_sessions').selectAll().execute()).toEqual([]);
    });

    it('ends after 8 hours, however busy', async () => {
      t = await openTestDb(engine);
      const { token, expiresAt } = await session();
      expect(Date.parse(expiresAt)).toBe(at(SESSION_ABSOLUTE_MS).getTime());
      let now = 0;
      while (now + 10 * 60_000 < SESSION_ABSOLUTE_MS) {
        now += 10 * 60_000;
        expect(await userBySession(t.db, token, at(now))).not.toBeNull();
      }
      expect(await userBySession(t.db, token, at(SESSION_ABSOLUTE_MS))).toBeNull();
    });

    it('knows no token it did not issue', async () => {
      t = await openTestDb(engine);
      await session();
      expect(await userBySession(t.db, `ots_${uuidv7()}`, at(1000))).toBeNull();
    });
  });
});
