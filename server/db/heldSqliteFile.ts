import type SqliteDatabase from 'better-sqlite3';

/** Prepares statements on a SQLite file, each SQL text once (server/db/connect.ts). */
export type SqliteStatements = { prepare(sql: string): SqliteDatabase.Statement };

/**
 * The SQLite file whose one connection a batch transaction holds, by the transaction's Kysely
 * handle, given as the statement cache Kysely itself prepares through. better-sqlite3 opens exactly
 * one connection per file, and Kysely's SQLite driver runs every statement on it, so while a
 * transaction holds the Kysely connection a statement run on the file directly is part of that
 * transaction: same savepoints, same commit. It is used where the Kysely layer costs more than
 * the statement itself (../sync/batch/insertRows.ts).
 */
const held = new WeakMap<object, SqliteStatements>();

/** Marks `file` as the one `trx` holds, until `release`. */
export function holdSqliteFile(trx: object, file: SqliteStatements): void {
  held.set(trx, file);
}

export function releaseSqliteFile(trx: object): void {
  held.delete(trx);
}

/** The file `trx` holds inside a batch transaction; undefined anywhere else. */
export function sqliteFileHeldBy(trx: object): SqliteStatements | undefined {
  return held.get(trx);
}
