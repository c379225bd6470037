import { sql, type Insertable, type Kysely, type RawBuilder } from 'kysely';
import type { Database, Dialect } from '../../db/schema';
import { inChunks } from './chunks';

type Table = keyof Database;

/** Rows for one table, and the unique columns whose duplicates are skipped (`on conflict do nothing`). */
export type TableRows<T extends Table = Table> = {
  table: T;
  rows: readonly Insertable<Database[T]>[];
  conflict?: readonly string[];
};

/**
 * Writes a batch's rows into one table in as few statements as the engine allows. On PostgreSQL
 * the rows travel as one JSON parameter that `json_populate_recordset` turns into rows of the
 * table's own type, so 1,500 sale lines are one statement with one parameter to parse and bind,
 * not 12,000 placeholders (the server parses and plans every one of them). On SQLite, where a
 * statement costs no round trip, the same single JSON parameter read by `json_each`: building and
 * binding a multi-row `VALUES` list cost more than the insert itself. Rows of mixed shapes go as
 * multi-row inserts in chunks under SQLite's parameter limit.
 */
export async function insertRows<T extends Table>(
  trx: Kysely<Database>,
  dialect: Dialect,
  table: T,
  rows: readonly Insertable<Database[T]>[],
  conflict: readonly string[] = [],
): Promise<void> {
  if (rows.length === 0) return;
  if (sameShape(rows)) {
    const insert = { table, rows, conflict };
    await (dialect === 'postgres' ? insertFromJson(insert) : insertFromJsonSqlite(insert)).execute(trx);
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

/** PostgreSQL: the insert of rows of one shape, as one JSON parameter. */
export function insertFromJson({ table, rows, conflict = [] }: TableRows): RawBuilder<unknown> {
  const list = sql.join(Object.keys(rows[0]!).map((c) => sql.ref(c)));
  const onConflict =
    conflict.length > 0 ? sql` on conflict (${sql.join(conflict.map((c) => sql.ref(c)))}) do nothing` : sql``;
  return sql`insert into ${sql.table(table)} (${list})
    select ${list} from json_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(rows)}::json)${onConflict}`;
}

/** SQLite: the same insert, each column read from the row's JSON object by `json_each`. */
function insertFromJsonSqlite({ table, rows, conflict = [] }: TableRows): RawBuilder<unknown> {
  const columns = Object.keys(rows[0]!);
  const values = columns.map((c) => sql`json_extract(value, ${`$."${c}"`})`);
  // `where true`: without it SQLite would read `on conflict` as a join's `on`.
  const onConflict =
    conflict.length > 0
      ? sql` where true on conflict (${sql.join(conflict.map((c) => sql.ref(c)))}) do nothing`
      : sql``;
  return sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
    select ${sql.join(values)} from json_each(${JSON.stringify(rows)})${onConflict}`;
}
