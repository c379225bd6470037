import type { ExpressionBuilder, SelectQueryBuilder } from 'kysely';
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
