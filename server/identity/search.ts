import { sql, type Kysely } from 'kysely';
import { nameKey } from '../../shared/identity/nameKey';
import { IDENTIFIER_TYPES, normalizeIdentifier } from '../../shared/identity/normalize';
import type { Database, Dialect } from '../db/schema';
import { customersOfOrder } from './orderCustomer';

export type CustomerHit = {
  customerId: string;
  displayName: string;
  phone: string | null;
  email: string | null;
  createdAt: string;
  /** How the query matched: the identifier type, `order` (a web-shop order's number), or `name`. */
  matchedBy: string;
};

export type SearchPage = { customers: CustomerHit[]; nextCursor: string | null };

type Cursor = { n: string; i: string };

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
}

function decodeCursor(text: string | undefined): Cursor | null | 'invalid' {
  if (!text) return null;
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    if (parsed && typeof parsed === 'object' && 'n' in parsed && 'i' in parsed) {
      const { n, i } = parsed as Record<string, unknown>;
      if (typeof n === 'string' && typeof i === 'string') return { n, i };
    }
  } catch {
    // Not JSON: answered as a cursor this server never gave out.
  }
  return 'invalid';
}

/**
 * Finds customers by any identifier (normalized as stored: `8 912 345-67-89` finds `+79123456789`)
 * and by the start of the name, paged by keyset over `(name_key, id)`: every page is one index range
 * from the cursor, as fast on the millionth profile as on the first (no OFFSET). Merged profiles are
 * shown as their survivor; erased ones not at all.
 */
export async function searchCustomers(
  db: Kysely<Database>,
  dialect: Dialect,
  input: { query: string; cursor?: string; limit: number },
): Promise<SearchPage | 'invalid_cursor'> {
  const cursor = decodeCursor(input.cursor);
  if (cursor === 'invalid') return 'invalid_cursor';
  const hits: CustomerHit[] = [];
  if (!cursor) {
    const keys = IDENTIFIER_TYPES.flatMap((type) => {
      const n = normalizeIdentifier(type, input.query);
      return n.ok ? [{ type, value: n.value }] : [];
    });
    if (keys.length > 0) {
      const rows = await db
        .selectFrom('identity_identifiers as i')
        .innerJoin('customers as home', 'home.id', 'i.customer_id')
        .innerJoin('customers as c', (j) =>
          j.on((eb) => eb('c.id', '=', eb.fn.coalesce('home.merged_into', 'home.id'))),
        )
        .select(['c.id', 'c.display_name', 'c.phone', 'c.email', 'c.created_at', 'i.type'])
        .where((eb) =>
          eb.or(keys.map((k) => eb.and([eb('i.type', '=', k.type), eb('i.value', '=', k.value)]))),
        )
        .where('c.erased_at', 'is', null)
        .execute();
      for (const r of rows) addHit(hits, r, r.type);
    }
    const ofOrder = await customersOfOrder(db, input.query);
    if (ofOrder.length > 0) {
      const rows = await db
        .selectFrom('customers as c')
        .select(['c.id', 'c.display_name', 'c.phone', 'c.email', 'c.created_at'])
        .where('c.id', 'in', ofOrder)
        .execute();
      for (const r of rows) addHit(hits, r, 'order');
    }
  }
  const key = nameKey(input.query);
  // On PostgreSQL the index is in byte order ("C"); the comparisons must be too to use it.
  const nameCol = dialect === 'postgres' ? sql<string>`name_key collate "C"` : sql<string>`name_key`;
  const upper = `${key}\u{10FFFF}`;
  let q = db
    .selectFrom('customers')
    .select(['id', 'display_name', 'phone', 'email', 'created_at', 'name_key'])
    .where(nameCol, '>=', key)
    .where(nameCol, '<', upper)
    .where('merged_into', 'is', null)
    .where('erased_at', 'is', null);
  if (cursor) {
    // A row-value comparison, which both engines turn into the start of the index range.
    q = q.where(sql<boolean>`(${nameCol}, id) > (${cursor.n}, ${cursor.i})`);
  }
  const rows = await q
    .orderBy(nameCol)
    .orderBy('id')
    .limit(input.limit + 1)
    .execute();
  const page = rows.slice(0, input.limit);
  for (const r of page) addHit(hits, r, 'name');
  const last = page[page.length - 1];
  return {
    customers: hits,
    nextCursor: rows.length > input.limit && last ? encodeCursor({ n: last.name_key, i: last.id }) : null,
  };
}

type CustomerRow = {
  id: string;
  display_name: string;
  phone: string | null;
  email: string | null;
  created_at: string;
};

/** Adds a customer once: the first way it matched is the one shown. */
function addHit(hits: CustomerHit[], r: CustomerRow, matchedBy: string): void {
  if (hits.some((h) => h.customerId === r.id)) return;
  hits.push({
    customerId: r.id,
    displayName: r.display_name,
    phone: r.phone,
    email: r.email,
    createdAt: r.created_at,
    matchedBy,
  });
}
