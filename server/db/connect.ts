import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database, Dialect } from './schema';

export type Db = {
  kysely: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
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
    const file = new SqliteDatabase(join(options.dataDir, options.fileName ?? 'omnitill.sqlite'));
    // WAL lets HQ reads run beside the writer; NORMAL sync is durable at each commit under WAL
    // except on power loss of the OS itself, where the last transactions may roll back.
    file.pragma('journal_mode = WAL');
    file.pragma('synchronous = NORMAL');
    file.pragma('foreign_keys = ON');
    file.pragma('busy_timeout = 5000');
    const kysely = new Kysely<Database>({
      dialect: new SqliteDialect({ database: withStatementCache(file) }),
    });
    return { kysely, dialect: 'sqlite', close: () => kysely.destroy() };
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { kysely, dialect: 'postgres', close: () => kysely.destroy() };
}

/**
 * Kysely prepares every statement anew; on the push path that is a sixth of the time. Compiled
 * statements are reused by their SQL text (the parameters are bound at run time, so the text is
 * the same for every operation). Bounded, so ad-hoc HQ queries cannot grow it without end.
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
