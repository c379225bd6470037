import { sql, type Insertable, type Kysely, type RawBuilder } from 'kysely';
import type { Database, Dialect } from '../../db/schema';
import { sqliteFileHeldBy } from '../../db/heldSqliteFile';
import { inChunks } from './chunks';
import { insertEachPrepared } from './sqlitePreparedInsert';

type Table = keyof Database;

/** Rows for one table, and the unique columns whose duplicates are skipped (`on conflict do nothing`). */
export type TableRows<T extends Table = Table> = {
  table: T;
  rows: readonly Insertable<Database[T]>[];
  conflict?: readonly string[];
};

/**
 * Writes a batch's rows into one table in as few round trips as the engine allows. On PostgreSQL
 * the rows travel as one JSON parameter that `json_populate_recordset` turns into rows of the
 * table's own type, so 1,500 sale lines are one statement with one parameter to parse and bind,
 * not 12,000 placeholders (the server parses and plans every one of them). On SQLite a statement
 * costs no round trip: inside a batch transaction each row is one run of a prepared statement on
 * the file itself, which measured about half the time of the same rows read from one JSON
 * parameter by `json_each` and `json_extract`, and of the same runs through the Kysely layer.
 * Anywhere else, multi-row inserts in chunks under SQLite's parameter limit.
 */
export async function insertRows<T extends Table>(
  trx: Kysely<Database>,
  dialect: Dialect,
  table: T,
  rows: readonly Insertable<Database[T]>[],
  conflict: readonly string[] = [],
): Promise<void> {
  if (rows.length === 0) return;
  if (dialect === 'postgres' && sameShape(rows)) {
    await insertFromJson({ table, rows, conflict }).execute(trx);
    return;
  }
  const file = dialect === 'sqlite' ? sqliteFileHeldBy(trx) : undefined;
  if (file) {
    insertEachPrepared(file, { table, rows, conflict });
    return;
  }
  await inChunks(rows, (chunk) =>
    trx
      .insertInto(table)
      .values(chunk)
      .$if(conflict.length > 0, (qb) => qb.onConflict((oc) => oc.columns(conflict as never).doNothing()))
      .execute(),
  );
}

/**
 * Rows of one shape only: `json_populate_recordset` gives a key a row leaves out null, where a
 * multi-row insert would give it the column's default.
 */
export const sameShape = (rows: readonly object[]) =>
  rows.length > 0 && rows.every((row) => Object.keys(row).length === Object.keys(rows[0]!).length);

/**
 * PostgreSQL: the insert of rows of one shape, as one JSON parameter. A column that holds the same
 * value in every row (the store, the device, the time received…) goes once, as a second JSON
 * parameter read by `json_populate_record`, instead of once per row: less JSON for Node to write
 * and for PostgreSQL to parse. Only for columns of plain values: an object would be cut by the
 * column list `JSON.stringify` is given, so rows holding one go whole.
 */
export function insertFromJson({ table, rows, conflict = [] }: TableRows): RawBuilder<unknown> {
  const columns = Object.keys(rows[0]!);
  const list = sql.join(columns.map((c) => sql.ref(c)));
  const onConflict =
    conflict.length > 0 ? sql` on conflict (${sql.join(conflict.map((c) => sql.ref(c)))}) do nothing` : sql``;
  // Rows with nothing constant, or holding an object, go whole (no column list).
  const split = splitConstant(rows, columns);
  const varying = split ? JSON.stringify(rows, split.varying) : JSON.stringify(rows);
  const constant = split?.constant ?? [];
  const from = (c: string) => sql.ref(`${constant.includes(c) ? 'k' : 'r'}.${c}`);
  const once = Object.fromEntries(constant.map((c) => [c, (rows[0] as Record<string, unknown>)[c]]));
  const onceRow =
    constant.length > 0
      ? sql`, json_populate_record(null::${sql.table(table)}, ${JSON.stringify(once)}::json) k`
      : sql``;
  return sql`insert into ${sql.table(table)} (${list})
    select ${sql.join(columns.map(from))}
    from json_populate_recordset(null::${sql.table(table)}, ${varying}::json) r${onceRow}${onConflict}`;
}

/**
 * The columns whose value is the same in every row, and the others; null when there is none such,
 * or when a value is an object.
 */
function splitConstant(
  rows: readonly Record<string, unknown>[],
  columns: readonly string[],
): { constant: string[]; varying: string[] } | null {
  if (rows.length < 2) return null;
  const constant: string[] = [];
  const varying: string[] = [];
  for (const column of columns) {
    const first = rows[0]![column];
    let same = true;
    for (const row of rows) {
      const value = row[column];
      if (typeof value === 'object' && value !== null) return null;
      if (value !== first) same = false;
    }
    (same ? constant : varying).push(column);
  }
  return constant.length > 0 ? { constant, varying } : null;
}
