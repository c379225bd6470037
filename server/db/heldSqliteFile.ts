import type SqliteDatabase from 'better-sqlite3';

/**
 * The SQLite file whose one connection a batch transaction holds, by the transaction's Kysely
 * handle. better-sqlite3 opens exactly one connection per file, and Kysely's SQLite driver runs
 * every statement on it, so while a transaction holds the Kysely connection a statement run on the
 * file directly is part of that transaction: same savepoints, same commit. It is used where the
 * Kysely layer costs more than the statement itself (../sync/batch/insertRows.ts).
 */
const held = new WeakMap<object, SqliteDatabase.Database>();

/** Marks `file` as the one `trx` holds, until `release`. */
export function holdSqliteFile(trx: object, file: SqliteDatabase.Database): void {
  held.set(trx, file);
}

export function releaseSqliteFile(trx: object): void {
  held.delete(trx);
}

/** The file `trx` holds inside a batch transaction; undefined anywhere else. */
export function sqliteFileHeldBy(trx: object): SqliteDatabase.Database | undefined {
  return held.get(trx);
}
