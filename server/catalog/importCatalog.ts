import { sql, type Kysely } from 'kysely';
import type { ProductRow } from '../../shared/sync/protocol';
import { uuidv7 } from '../../shared/domain/uuidv7';
import type { Db } from '../db/connect';
import type { Database } from '../db/schema';
import { appendChanges, type Change } from '../sync/changeLog';
import type { CatalogItem } from './catalogFile';

export type CatalogImport = { added: number; changed: number; unchanged: number };

const BATCH = 500;
const dryRun = new Error('dry run: rolled back');

/**
 * Loads checked catalog items (./catalogFile.ts) in one transaction: a GTIN the server does not
 * have becomes a product, one it has takes the file's name, price, VAT rate and item code, and
 * every product added or changed goes to the tills as a `product` change, which their next pull
 * (or a new till's snapshot) brings. Products the file does not name stay as they are. With
 * `dryRun` it counts what it would do and changes nothing.
 */
export async function importCatalog(
  db: Db,
  items: readonly CatalogItem[],
  options: { dryRun?: boolean } = {},
): Promise<CatalogImport> {
  let counted: CatalogImport = { added: 0, changed: 0, unchanged: 0 };
  await db.kysely
    .transaction()
    .execute(async (trx) => {
      counted = await loadItems(trx, items, new Date().toISOString());
      if (options.dryRun) throw dryRun;
    })
    .catch((error: unknown) => {
      if (error !== dryRun) throw error;
    });
  return counted;
}

/** A file's product as it is written: its id, and whether it is marked once the file is applied. */
type Loaded = Omit<CatalogItem, 'marked'> & { id: string; marked: boolean };

async function loadItems(trx: Kysely<Database>, items: readonly CatalogItem[], now: string) {
  const counted: CatalogImport = { added: 0, changed: 0, unchanged: 0 };
  for (let i = 0; i < items.length; i += BATCH) {
    const batch = items.slice(i, i + BATCH);
    const existing = new Map(
      (
        await trx
          .selectFrom('products')
          .select(['id', 'gtin', 'name', 'price_minor', 'vat_rate_bp', 'item_code', 'marked'])
          .where(
            'gtin',
            'in',
            batch.map((item) => item.gtin),
          )
          .execute()
      ).map((p) => [p.gtin, p]),
    );
    const added: Loaded[] = [];
    const updated: Loaded[] = [];
    for (const item of batch) {
      const was = existing.get(item.gtin);
      if (was === undefined) {
        added.push({ id: uuidv7(), ...item, marked: item.marked ?? false });
        continue;
      }
      // A file without the column leaves the marking as it was.
      const marked = item.marked ?? Number(was.marked) === 1;
      if (
        was.name === item.name &&
        was.price_minor === item.priceMinor &&
        was.vat_rate_bp === item.vatRateBp &&
        was.item_code === item.itemCode &&
        (Number(was.marked) === 1) === marked
      )
        counted.unchanged++;
      else updated.push({ id: was.id, ...item, marked });
    }
    if (updated.length > 0) {
      // One statement a batch: a row at a time, a price list of 50,000 took PostgreSQL 10 s.
      // VALUES columns are column1… in both engines; parameters arrive as text in PostgreSQL.
      const values = sql.join(
        updated.map(
          (p) =>
            sql`(${p.id}, ${p.name}, ${p.priceMinor}, ${p.vatRateBp}, ${p.itemCode}, ${p.marked ? 1 : 0})`,
        ),
      );
      await sql`UPDATE products SET name = v.column2, price_minor = CAST(v.column3 AS integer),
          vat_rate_bp = CAST(v.column4 AS integer), item_code = v.column5,
          marked = CAST(v.column6 AS integer), updated_at = ${now}
        FROM (VALUES ${values}) AS v WHERE products.id = v.column1`.execute(trx);
      counted.changed += updated.length;
    }
    if (added.length > 0) {
      await trx
        .insertInto('products')
        .values(
          added.map((p) => ({
            id: p.id,
            gtin: p.gtin,
            name: p.name,
            price_minor: p.priceMinor,
            vat_rate_bp: p.vatRateBp,
            item_code: p.itemCode,
            marked: p.marked ? 1 : 0,
            updated_at: now,
          })),
        )
        .execute();
      counted.added += added.length;
    }
    await appendChanges(trx, [...added, ...updated].map(productChange), now);
  }
  return counted;
}

/** The product as the tills store it (shared/sync/protocol.ts `productRowSchema`). */
function productChange(p: Loaded): Change {
  const row: ProductRow = {
    id: p.id,
    gtin: p.gtin,
    name: p.name,
    priceMinor: p.priceMinor,
    ...(p.itemCode !== null ? { itemCode: p.itemCode } : {}),
    ...(p.vatRateBp !== null ? { vatRateBp: p.vatRateBp } : {}),
    ...(p.marked ? { marked: true } : {}),
  };
  return { topic: 'product', entityId: p.id, storeId: null, data: row };
}
