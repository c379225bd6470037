import { sql, type ExpressionBuilder, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../db/connect';
import type { Database } from '../db/schema';
import type { TimelinePosition } from './timelineCursor';

/** Rows strictly older than the cursor in (time, id) order. */
export function olderThan<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  timeColumn: string,
  idColumn: string,
  after: TimelinePosition | null,
): SelectQueryBuilder<DB, TB, O> {
  if (after === null) return query;
  return query.where((eb: ExpressionBuilder<DB, TB>) =>
    eb.or([
      eb(eb.ref(timeColumn as never), '<', after.at as never),
      eb.and([
        eb(eb.ref(timeColumn as never), '=', after.at as never),
        eb(eb.ref(idColumn as never), '<', after.id as never),
      ]),
    ]),
  );
}

/**
 * One timeline row as every source selects it, so the sources fold into one `UNION ALL`: the
 * event's id, kind, channel and server time, its store, shop, amount, the identifier it arrived
 * with, what names it (a receipt, an order number) and, for web events, their stored data.
 */
export type TimelineRow = {
  id: string;
  kind: string;
  channel: string;
  at: string;
  store_id: string | null;
  store_name: string | null;
  store_code: string | null;
  connection_id: string | null;
  amount_minor: number | string | null;
  currency: string | null;
  id_type: string | null;
  id_value: string | null;
  detail: string | null;
  data: string | null;
};

/** The columns of a `TimelineRow`, each an expression of the source's own tables. */
export type TimelineColumns = { [K in keyof TimelineRow]: RawBuilder<unknown> };

/** A typed SQL null, so PostgreSQL can match the branches' column types. */
export const noText = sql`cast(null as text)`;
export const noAmount = sql`cast(null as bigint)`;
export const text = (value: string) => sql`cast(${value} as text)`;
export const column = (ref: string) => sql.ref(ref);

/** A source's query with its `TimelineRow` columns selected, newest first, a page at most. */
export type TimelineBranch = {
  query: SelectQueryBuilder<Database, keyof Database, object>;
  time: string;
  id: string;
  columns: TimelineColumns;
};

/**
 * Every source in one statement: each branch reads at most `take` rows strictly older than the
 * cursor by its own (key, time, id) index, and the union is cut to `take` newest first. One round
 * trip however many identifiers and kinds the customer has.
 */
export async function readTimeline(
  db: Db,
  branches: TimelineBranch[],
  after: TimelinePosition | null,
  take: number,
): Promise<TimelineRow[]> {
  const [first, ...rest] = branches.map((b) =>
    db.kysely
      .selectFrom(
        olderThan(b.query, b.time, b.id, after)
          .select(Object.entries(b.columns).map(([name, expr]) => expr.as(name)))
          .orderBy(sql.ref(b.time), 'desc')
          .orderBy(sql.ref(b.id), 'desc')
          .limit(take)
          .as('branch'),
      )
      .selectAll(),
  );
  if (!first) return [];
  const union = rest.reduce((all, next) => all.unionAll(next), first);
  const rows = await db.kysely
    .selectFrom(union.as('events'))
    .selectAll()
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(take)
    .execute();
  return rows as unknown as TimelineRow[];
}
