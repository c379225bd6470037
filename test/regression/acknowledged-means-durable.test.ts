import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, type Db } from '../../server/db/connect';
import { PG_URL, skipEngine } from '../server/support/databases';

/**
 * The server answers `applied` after its commit, and the till then stops queueing the operation:
 * a commit that a power cut can still roll back loses an acknowledged sale. SQLite ran WAL with
 * `synchronous = NORMAL`; a PostgreSQL role or URL with `synchronous_commit = off` was taken as is.
 */
describe('the server acknowledges only what is on disk', () => {
  const opened: Db[] = [];
  const folders: string[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.close();
    for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('SQLite: WAL with synchronous = FULL, so every commit is synced', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'omnitill-durable-'));
    folders.push(dataDir);
    const db = connect({ dialect: 'sqlite', dataDir });
    opened.push(db);
    const { rows: mode } = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db.kysely);
    const { rows: sync } = await sql<{ synchronous: number }>`pragma synchronous`.execute(db.kysely);
    expect(mode[0]?.journal_mode).toBe('wal');
    expect(sync[0]?.synchronous).toBe(2); // 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA
  });

  describe.skipIf(skipEngine('postgres'))('PostgreSQL', () => {
    /** A URL that asks for asynchronous commits, as an operator's might. */
    const asyncUrl = () => {
      const url = new URL(PG_URL);
      url.searchParams.set('options', '-c synchronous_commit=off');
      return url.toString();
    };

    it('turns synchronous_commit back on when the connection asks for off', async () => {
      // The URL does reach the server: a plain client on it commits asynchronously.
      const plain = new pg.Client({ connectionString: asyncUrl() });
      await plain.connect();
      const { rows: asked } = await plain.query<{ synchronous_commit: string }>('show synchronous_commit');
      await plain.end();
      expect(asked[0]?.synchronous_commit).toBe('off');

      const db = connect({ dialect: 'postgres', url: asyncUrl(), poolSize: 3 });
      opened.push(db);
      // Several sessions at once, so more than one pooled connection is checked.
      const settings = await Promise.all(
        Array.from({ length: 3 }, () =>
          db.kysely.transaction().execute(async (trx) => {
            const { rows } = await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(trx);
            await sql`select pg_sleep(0.05)`.execute(trx);
            return rows[0]?.synchronous_commit;
          }),
        ),
      );
      expect(settings).toEqual(['on', 'on', 'on']);
    });

    it('leaves a stronger setting as it is', async () => {
      const url = new URL(PG_URL);
      url.searchParams.set('options', '-c synchronous_commit=remote_apply');
      const db = connect({ dialect: 'postgres', url: url.toString(), poolSize: 1 });
      opened.push(db);
      const { rows } = await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(db.kysely);
      expect(rows[0]?.synchronous_commit).toBe('remote_apply');
    });
  });
});
