import { z } from 'zod';
import { isValidGtin } from '../../shared/barcode';
import { plainText } from '../../shared/domain/text';
import { csvRecords } from './csvRecords';

/** A product as the catalog file gives it, checked and in the form the server stores. */
export type CatalogItem = {
  /** The GTIN as the tills look it up: 13 digits for EAN-13, UPC-A and EAN-8, 14 for a GTIN-14. */
  gtin: string;
  name: string;
  priceMinor: number;
  /** Basis points (2000 = 20 %); null: the chain's default rate. */
  vatRateBp: number | null;
  itemCode: string | null;
  /**
   * Sold only by the marking code on each unit (Chestny ZNAK), never by its plain barcode; null
   * when the file has no `marked` column: a known product stays as it was, a new one is not.
   */
  marked: boolean | null;
};

export type CatalogProblem = { line: number; message: string };

/** The most products one file may hold, and the most problems a refusal lists. */
export const CATALOG_ROWS_MAX = 1_000_000;
const PROBLEMS_SHOWN = 20;

const COLUMNS = ['gtin', 'name', 'price', 'vat', 'item_code', 'marked'] as const;
const REQUIRED = ['gtin', 'name', 'price'] as const;

/** `89.90`, `89,90` or `89`: an amount in major units with at most two decimals, no thousands marks. */
const amount = z
  .string()
  .trim()
  .regex(/^\d{1,9}([.,]\d{1,2})?$/, 'a price like 89.90, without a currency sign or thousands marks')
  .transform((s) => {
    const [whole, fraction = ''] = s.split(/[.,]/) as [string, string?];
    return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  });

const vat = z
  .string()
  .trim()
  .regex(/^\d{1,3}([.,]\d{1,2})?\s*%?$/, 'a VAT rate in percent like 20, 10 or 0')
  .transform((s) => Math.round(Number(s.replace('%', '').trim().replace(',', '.')) * 100))
  .refine((bp) => bp <= 10_000, 'a VAT rate of at most 100 %');

const gtin = z
  .string()
  .trim()
  .regex(/^\d{8}$|^\d{12,14}$/, 'a GTIN of 8, 12, 13 or 14 digits')
  .refine(isValidGtin, 'a GTIN whose check digit is wrong')
  // One product, one key however its barcode was printed: the 14-digit form less one leading zero.
  .transform((g) => g.padStart(14, '0').replace(/^0/, ''));

/** Yes or no, as a spreadsheet writes it in English or Russian; empty is no. */
const yesNo = z
  .string()
  .trim()
  .transform((s) => s.toLowerCase())
  .pipe(z.enum(['', '0', '1', 'no', 'yes', 'false', 'true', 'n', 'y', 'нет', 'да'], 'yes or no (1 or 0)'))
  .transform((s) => ['1', 'yes', 'true', 'y', 'да'].includes(s));

const itemSchema = z.object({
  gtin,
  name: z.string().trim().pipe(plainText(200)),
  price: amount,
  vat: z.union([z.literal('').transform(() => null), vat]),
  item_code: z.union([
    z.literal('').transform(() => null),
    z
      .string()
      .trim()
      .regex(/^\d{1,10}$/, 'a scale item code of up to 10 digits'),
  ]),
  marked: yesNo,
});

/**
 * Reads a catalog file: a header row naming the columns `gtin`, `name`, `price` and, optionally,
 * `vat` (percent), `item_code` (the code a scale prints in weighed labels) and `marked` (yes: sold
 * only by each unit's marking code, docs/scanners.md §6.5), in any order and
 * case, then a product a row. Either every row is good, or the answer lists the problems by line
 * (the first twenty) and nothing is taken.
 */
export function readCatalogFile(
  text: string,
): { ok: true; items: CatalogItem[] } | { ok: false; problems: CatalogProblem[]; more: number } {
  const records = csvRecords(text);
  if (records === null) return refuse([{ line: 0, message: 'a quoted field is never closed' }]);
  const [header, ...rows] = records;
  if (header === undefined) return refuse([{ line: 1, message: 'the file is empty' }]);
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const missing = REQUIRED.filter((c) => !names.includes(c));
  if (missing.length > 0)
    return refuse([
      {
        line: header.line,
        message: `the header row names no ${missing.join(', ')} column (columns: ${COLUMNS.join(', ')})`,
      },
    ]);
  if (rows.length > CATALOG_ROWS_MAX)
    return refuse([{ line: 0, message: `more than ${CATALOG_ROWS_MAX.toLocaleString('en')} products` }]);

  const problems: CatalogProblem[] = [];
  const items: CatalogItem[] = [];
  const lineOfGtin = new Map<string, number>();
  for (const row of rows) {
    const cell = (column: (typeof COLUMNS)[number]) => {
      const at = names.indexOf(column);
      return at < 0 ? '' : (row.fields[at] ?? '');
    };
    const parsed = itemSchema.safeParse(Object.fromEntries(COLUMNS.map((c) => [c, cell(c)])));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      problems.push({ line: row.line, message: `${String(issue.path[0] ?? 'row')}: ${issue.message}` });
      continue;
    }
    const item = parsed.data;
    const earlier = lineOfGtin.get(item.gtin);
    if (earlier !== undefined) {
      problems.push({ line: row.line, message: `gtin: the same product as on line ${earlier}` });
      continue;
    }
    lineOfGtin.set(item.gtin, row.line);
    items.push({
      gtin: item.gtin,
      name: item.name,
      priceMinor: item.price,
      vatRateBp: item.vat,
      itemCode: item.item_code,
      marked: names.includes('marked') ? item.marked : null,
    });
  }
  return problems.length > 0 ? refuse(problems) : { ok: true, items };
}

function refuse(problems: CatalogProblem[]) {
  return {
    ok: false as const,
    problems: problems.slice(0, PROBLEMS_SHOWN),
    more: Math.max(0, problems.length - PROBLEMS_SHOWN),
  };
}
