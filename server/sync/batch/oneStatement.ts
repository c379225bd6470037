import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/schema';
import { StreamMoved } from './applyOne';
import { insertFromJson, insertRows, sameShape, type TableRows } from './insertRows';

/** The stream moves from `from` to past `to`, only if it stands at `from`. */
export type StreamAdvance = { deviceId: string; installId: string; from: number; to: number };

/**
 * PostgreSQL: many tables' rows, some updates and the stream's conditional advance as one
 * statement of data-modifying CTEs, so a batch waits for one round trip where it waited for one
 * per table (docs/sync-protocol.md §14.2). The statement is atomic: all of it or nothing. Every
 * part reads the snapshot the statement started with and none sees another's rows, so no part
 * may depend on another's writes (foreign keys are checked at the statement's end, so lines may
 * name sales inserted beside them). Throws `StreamMoved` when the stream was not where expected.
 */
export async function writeInOneStatement(
  trx: Kysely<Database>,
  tables: readonly TableRows[],
  updates: readonly RawBuilder<unknown>[] = [],
  advance?: StreamAdvance,
): Promise<void> {
  const parts: RawBuilder<unknown>[] = [];
  for (const rows of tables) {
    if (rows.rows.length === 0) continue;
    // Rows of mixed shapes keep their defaults in an insert of their own (rare: none of ours).
    if (!sameShape(rows.rows)) await insertRows(trx, 'postgres', rows.table, rows.rows, rows.conflict);
    else parts.push(insertFromJson(rows));
  }
  parts.push(...updates);
  const named = parts.map((part, i) => sql`${sql.raw(`w${i}`)} as (${part})`);
  if (advance) {
    named.push(sql`moved as (
      update device_streams set next_seq = ${advance.to + 1}
      where device_id = ${advance.deviceId} and install_id = ${advance.installId} and next_seq = ${advance.from}
      returning 1)`);
  }
  if (named.length === 0) return;
  const result = advance ? sql`(select count(*) from moved)` : sql`0`;
  const { rows } = await sql<{ moved: number }>`with ${sql.join(named)} select ${result} as moved`.execute(
    trx,
  );
  if (advance && Number(rows[0]?.moved) !== 1) throw new StreamMoved();
}
