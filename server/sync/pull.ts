import { sql } from 'kysely';
import { MAX_CURSOR_PART } from '../../shared/domain/limits';
import type { PullOutput } from '../../shared/sync/protocol';
import type { Db } from '../db/connect';

type Cursor = { tx: number; id: number };

function decodeCursor(cursor: string | null): Cursor | 'invalid' {
  if (cursor === null) return { tx: -1, id: 0 };
  const match = /^(\d{1,16})\.(\d{1,16})$/.exec(cursor);
  if (!match) return 'invalid';
  const tx = Number(match[1]);
  const id = Number(match[2]);
  // Past this a number is no longer exact, and past a bigint the database itself refuses it.
  if (tx > MAX_CURSOR_PART || id > MAX_CURSOR_PART) return 'invalid';
  return { tx, id };
}

const encodeCursor = (c: Cursor) => `${c.tx}.${c.id}`;

/**
 * One page of the change log for a store, after the cursor.
 *
 * SQLite has one writer, so the autoincrement id is commit order and the cursor is the id.
 * PostgreSQL hands out bigserial ids at insert time, not at commit, so a slow transaction can
 * commit a lower id after a faster one was served. The page is therefore ordered by the writing
 * transaction id and then id, and holds back every transaction not older than the current
 * snapshot's xmin: all of those have ended, and any later writer gets a larger transaction id,
 * so nothing can ever appear behind the cursor (the Electric "txid < xmin" rule, docs/sync-protocol.md §7.2).
 */
export async function pullChanges(
  db: Db,
  storeId: string,
  cursorText: string | null,
  limit: number,
): Promise<PullOutput | 'invalid_cursor'> {
  const cursor = decodeCursor(cursorText);
  if (cursor === 'invalid') return 'invalid_cursor';
  const k = db.kysely;
  const rows =
    db.dialect === 'sqlite'
      ? await k
          .selectFrom('change_log')
          .select(['id', 'tx', 'topic', 'entity_id', 'data'])
          .where('id', '>', cursor.id)
          .where((eb) => eb.or([eb('store_id', 'is', null), eb('store_id', '=', storeId)]))
          .orderBy('id')
          .limit(limit + 1)
          .execute()
      : await k
          .selectFrom('change_log')
          .select(['id', 'tx', 'topic', 'entity_id', 'data'])
          .where(sql<boolean>`(tx, id) > (${cursor.tx}, ${cursor.id})`)
          .where(sql<boolean>`tx < (pg_snapshot_xmin(pg_current_snapshot())::text)::bigint`)
          .where((eb) => eb.or([eb('store_id', 'is', null), eb('store_id', '=', storeId)]))
          .orderBy('tx')
          .orderBy('id')
          .limit(limit + 1)
          .execute();
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  const last = page.at(-1);
  return {
    changes: page.map((r) => ({
      topic: r.topic,
      id: r.entity_id,
      data: r.data === null ? null : (JSON.parse(r.data) as unknown),
    })),
    cursor: last ? encodeCursor({ tx: Number(last.tx), id: Number(last.id) }) : cursorText,
    hasMore,
  };
}
