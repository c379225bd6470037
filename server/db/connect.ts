import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database, Dialect } from './schema';
import { logger } from '../log';
import type { SqliteStatements } from './heldSqliteFile';
import { OwnSchemaPostgresDialect } from './ownSchemaIntrospector';

export type Db = {
  kysely: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
  /** SQLite only: the file under `kysely`, for the few writes that go to it directly (./heldSqliteFile.ts). */
  sqliteFile?: SqliteStatements;
  /** SQLite only: the file's path, for reads on a connection of their own (./readOffMainThread.ts). */
  sqlitePath?: string;
};

// int8 (COUNT, SUM, bigserial) arrives from pg as a string; every value we keep fits a double.
pg.types.setTypeParser(20, (value) => Number(value));
pg.types.setTypeParser(1700, (value) => Number(value));

export type ConnectOptions =
  | { dialect: 'sqlite'; dataDir: string; fileName?: string }
  | { dialect: 'postgres'; url: string; schema?: string; poolSize?: number };

/** Opens the one query layer over SQLite (embedded default) or PostgreSQL (`DATABASE_URL`). */
export function connect(options: ConnectOptions): Db {
  if (options.dialect === 'sqlite') {
    mkdirSync(options.dataDir, { recursive: true });
    const sqlitePath = join(options.dataDir, options.fileName ?? 'omnitill.sqlite');
    const file = new SqliteDatabase(sqlitePath);
    // WAL lets HQ reads run beside the writer. The server tells a till `applied` only after the
    // commit, and the till then forgets the operation's place in its queue, so the commit must be
    // on disk: with NORMAL, SQLite's docs (https://www.sqlite.org/pragma.html#pragma_synchronous)
    // warn that a transaction committed in WAL mode "might roll back following a power loss or
    // system crash". FULL syncs the WAL at every commit (docs/sync-protocol.md §5.1).
    file.pragma('journal_mode = WAL');
    file.pragma('synchronous = FULL');
    file.pragma('foreign_keys = ON');
    file.pragma('busy_timeout = 5000');
    const statements = withStatementCache(file);
    const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: statements }) });
    return { kysely, dialect: 'sqlite', close: () => kysely.destroy(), sqliteFile: statements, sqlitePath };
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  pool.on('connect', keepCommitsDurable);
  const kysely = new Kysely<Database>({ dialect: new OwnSchemaPostgresDialect({ pool }) });
  return { kysely, dialect: 'postgres', close: () => kysely.destroy() };
}

/**
 * `synchronous_commit = off` (set in postgresql.conf, on the role or database, or in the URL's
 * `options`) lets PostgreSQL report a commit before its WAL is flushed, so an acknowledged sale can
 * vanish in a server crash (PostgreSQL manual, "Asynchronous Commit"). Every other value waits for
 * at least the local flush, so only `off` is turned back to `on`, leaving a stronger replication
 * setting (`remote_apply`) alone. Sent as the session's first statement: pg runs a client's
 * queries in order, so nothing of ours runs before it (docs/sync-protocol.md §5.1).
 */
function keepCommitsDurable(client: pg.PoolClient): void {
  client
    .query(
      "select set_config('synchronous_commit', 'on', false) where current_setting('synchronous_commit') = 'off'",
    )
    .catch((error: unknown) => {
      // Reported, not thrown: an event handler has no caller. A session that cannot run this
      // cannot run the push's queries either, which then fail where they are handled.
      logger.error({ err: error }, 'postgres: could not make commits durable on a new connection');
    });
}

/**
 * Kysely prepares every statement anew; on the push path that is a sixth of the time. Compiled
 * statements are reused by their SQL text, by Kysely and by the batch's direct inserts (the
 * parameters are bound at run time, so the text is the same for every operation). Bounded, so
 * ad-hoc HQ queries cannot grow it without end.
 */
function withStatementCache(file: SqliteDatabase.Database, limit = 500) {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => file.close(),
    prepare: (sql: string) => {
      let statement = cache.get(sql);
      if (!statement) {
        statement = file.prepare(sql);
        if (cache.size >= limit) cache.delete(cache.keys().next().value!);
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}
