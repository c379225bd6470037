import { sql } from 'kysely';
import { cardRowSchema, productRowSchema, type ProductRow } from '../../shared/sync/protocol';
import {
  byCodeUnits,
  productLines,
  SNAPSHOT_PART_ROWS,
  type SnapshotPartKind,
} from '../../shared/sync/snapshot';
import type { Db } from '../db/connect';

type LatestRow = { topic: string; entity_id: string; data: string | null; tx: number; id: number };

export type SnapshotContent = {
  cursor: string | null;
  parts: { kind: SnapshotPartKind; lines: string[] }[];
};

/**
 * What a till would hold after pulling a store's change log from the start up to one cursor: the
 * newest change of every entity, without the deleted ones. Read in one transaction (repeatable
 * read on PostgreSQL, one read transaction on SQLite), so the rows and the cursor agree: every
 * change at or before the cursor is in the rows, every later one comes with `sync.pull` from it.
 * On PostgreSQL the cursor honours the pull's watermark (docs/sync-protocol.md §7.2): only
 * transactions older than the snapshot's xmin are read, later ones come with the pull.
 */
export async function readSnapshotContent(db: Db, storeId: string): Promise<SnapshotContent> {
  const rows = await db.kysely
    .transaction()
    .setIsolationLevel(db.dialect === 'postgres' ? 'repeatable read' : 'serializable')
    .execute(async (trx) => {
      const last =
        db.dialect === 'sqlite'
          ? await trx
              .selectFrom('change_log')
              .select(['tx', 'id'])
              .orderBy('id', 'desc')
              .limit(1)
              .executeTakeFirst()
          : await trx
              .selectFrom('change_log')
              .select(['tx', 'id'])
              .where(sql<boolean>`tx < (pg_snapshot_xmin(pg_current_snapshot())::text)::bigint`)
              .orderBy('tx', 'desc')
              .orderBy('id', 'desc')
              .limit(1)
              .executeTakeFirst();
      if (last === undefined) return { last: null, latest: [] as LatestRow[] };
      const inStore = sql<boolean>`(store_id is null or store_id = ${storeId})`;
      const latest =
        db.dialect === 'sqlite'
          ? // SQLite returns the other columns of the row holding max(id) in each group.
            (
              await sql<LatestRow>`select topic, entity_id, data, tx, max(id) as id from change_log
                where id <= ${last.id} and ${inStore} group by topic, entity_id`.execute(trx)
            ).rows
          : (
              await sql<LatestRow>`select distinct on (topic, entity_id) topic, entity_id, data, tx, id
                from change_log where (tx, id) <= (${last.tx}, ${last.id}) and ${inStore}
                order by topic, entity_id, tx desc, id desc`.execute(trx)
            ).rows;
      return { last, latest };
    });
  return {
    cursor: rows.last === null ? null : `${Number(rows.last.tx)}.${Number(rows.last.id)}`,
    parts: toParts(rows.latest),
  };
}

/**
 * Sorts the newest rows into parts. A card or product this server cannot read as its row shape
 * travels as a plain change, so the till parks it exactly as a pull would.
 */
function toParts(latest: LatestRow[]): SnapshotContent['parts'] {
  const inLogOrder = latest
    .filter((r) => r.data !== null)
    .sort((a, b) => Number(a.tx) - Number(b.tx) || Number(a.id) - Number(b.id));
  const cards: [string, string, string, string][] = [];
  const productByGtin = new Map<string, { row: ProductRow; json: string }>();
  const changes: string[] = [];
  for (const row of inLogOrder) {
    const data: unknown = JSON.parse(row.data!);
    if (row.topic === 'card') {
      const card = cardRowSchema.safeParse(data);
      if (card.success && card.data.number === row.entity_id) {
        cards.push([card.data.number, card.data.customerId, card.data.maskedName, card.data.status]);
        continue;
      }
    } else if (row.topic === 'product') {
      const product = productRowSchema.safeParse(data);
      if (product.success && product.data.id === row.entity_id) {
        // A GTIN that moved to another product: the newer row wins, as it does at the till.
        productByGtin.delete(product.data.gtin);
        productByGtin.set(product.data.gtin, { row: product.data, json: row.data! });
        continue;
      }
    }
    changes.push(JSON.stringify({ topic: row.topic, id: row.entity_id, data }));
  }
  cards.sort((a, b) => byCodeUnits(a[0], b[0]));
  const byCustomer = cards.map((c) => [c[1], c[0]] as const);
  byCustomer.sort((a, b) => byCodeUnits(a[0], b[0]) || byCodeUnits(a[1], b[1]));
  return [
    ...chunk(
      'card',
      cards.map((c) => JSON.stringify(c)),
    ),
    ...chunk(
      'cardByCustomer',
      byCustomer.map((c) => JSON.stringify(c)),
    ),
    // Products as sorted blocks too, with their indexes by id, name and item code (§17.2).
    ...Object.entries(productLines([...productByGtin.values()])).flatMap(([kind, lines]) =>
      chunk(kind as keyof ReturnType<typeof productLines>, lines),
    ),
    ...chunk('change', changes),
  ];
}

function chunk(kind: SnapshotPartKind, lines: string[]): SnapshotContent['parts'] {
  const parts: SnapshotContent['parts'] = [];
  for (let i = 0; i < lines.length; i += SNAPSHOT_PART_ROWS) {
    parts.push({ kind, lines: lines.slice(i, i + SNAPSHOT_PART_ROWS) });
  }
  return parts;
}
