import type SqliteDatabase from 'better-sqlite3';
import type { SqliteStatements } from '../../db/heldSqliteFile';
import type { TableRows } from './insertRows';

/**
 * Inserts the rows one run of a prepared statement each, on a file whose connection the caller's
 * transaction holds (server/db/heldSqliteFile.ts). Each row writes its own columns, so a column a
 * row leaves out gets its default, as in a multi-row insert through Kysely. Throws as the first
 * failing row fails; the caller's savepoint undoes the rows before it.
 */
export function insertEachPrepared(file: SqliteStatements, { table, rows, conflict = [] }: TableRows): void {
  let columns: string[] = [];
  let statement: SqliteDatabase.Statement | undefined;
  for (const row of rows as readonly Record<string, unknown>[]) {
    if (statement === undefined || !sameKeys(row, columns)) {
      columns = Object.keys(row);
      statement = file.prepare(insertText(table, columns, conflict));
    }
    statement.run(columns.map((c) => bindable(row[c])));
  }
}

function insertText(table: string, columns: readonly string[], conflict: readonly string[]): string {
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const onConflict = conflict.length > 0 ? ` on conflict (${conflict.map(quote).join(', ')}) do nothing` : '';
  return `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values (${columns.map(() => '?').join(', ')})${onConflict}`;
}

function sameKeys(row: Record<string, unknown>, columns: readonly string[]): boolean {
  const keys = Object.keys(row);
  return keys.length === columns.length && keys.every((k, i) => k === columns[i]);
}

/**
 * A value as better-sqlite3 binds it: it refuses booleans, which SQLite stores as 1 and 0,
 * `undefined`, which a row means as no value, and objects, which a JSON column holds as text.
 */
function bindable(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null && !Buffer.isBuffer(value)) return JSON.stringify(value);
  return value;
}
