import type { Scan, UnknownReason } from '../../shared/barcode';
import { assertNever } from '../../shared/domain/assertNever';
import type { CardRow, ProductRow } from '../../shared/sync/protocol';
import type { MessageKey } from '../app/i18n';
import { hasMarking, type Cart, type CartAction } from '../till/cart';
import { shownCode as shown } from './scanLabels';

/**
 * What a classified scan does to the sale at the till (docs/scanners.md §6.8): the cart action, or a
 * notice saying why nothing happened. The catalog is passed in, so this runs without a database.
 */

export type CatalogLookup = {
  card(number: string): Promise<CardRow | undefined>;
  /** One exact GTIN as the catalog stores it. */
  product(gtin: string): Promise<ProductRow | undefined>;
  /** The product HQ gave this scale item code, if any. */
  productByItemCode(itemCode: string): Promise<ProductRow | undefined>;
};

export type ScanNotice = { readonly key: MessageKey; readonly detail?: string };

export type ScanOutcome = { readonly action?: CartAction; readonly notice?: ScanNotice };

/**
 * The spellings a catalog may store a GTIN-14 under: as printed (EAN-13, UPC-A, EAN-8) or padded.
 * The grammar normalises every GTIN to 14 digits (docs/scanners.md §6.1); the demo catalog keeps EAN-13.
 *
 * @example gtinCandidates('04601234567893') // ['4601234567893', '04601234567893']
 */
export function gtinCandidates(gtin14: string): string[] {
  const candidates = [gtin14.replace(/^0/, ''), gtin14];
  if (gtin14.startsWith('00')) candidates.push(gtin14.slice(2));
  if (gtin14.startsWith('000000')) candidates.push(gtin14.slice(6));
  return [...new Set(candidates)];
}

async function findProduct(lookup: CatalogLookup, gtin14: string): Promise<ProductRow | undefined> {
  for (const gtin of gtinCandidates(gtin14)) {
    const product = await lookup.product(gtin);
    if (product !== undefined) return product;
  }
  return undefined;
}

const UNKNOWN_NOTICES: Record<UnknownReason, MessageKey> = {
  empty: 'scan.unknown.empty',
  too_long: 'scan.unknown.too_long',
  bad_symbology_identifier: 'scan.unknown.bad_symbology_identifier',
  bad_check_digit: 'scan.unknown.bad_check_digit',
  bad_gs1: 'scan.unknown.bad_gs1',
  no_gtin: 'scan.unknown.no_gtin',
  bad_order_qr: 'scan.unknown.bad_order_qr',
  bad_link_code: 'scan.unknown.bad_link_code',
  format_disabled: 'scan.unknown.format_disabled',
  unrecognized: 'scan.unknown.unrecognized',
};

/**
 * Marked goods are sold unit by unit, by the code that names each one (docs/scanners.md §6.5):
 * their plain barcode, or the product picked by name, is refused with what to scan instead.
 */
export function markedNotice(product: ProductRow): ScanNotice | null {
  return product.marked ? { key: 'scan.markedNeedsCode', detail: product.name } : null;
}

export async function scanToCart(scan: Scan, cart: Cart, lookup: CatalogLookup): Promise<ScanOutcome> {
  switch (scan.kind) {
    case 'card': {
      const known = await lookup.card(scan.number);
      if (known?.status === 'blocked') return { notice: { key: 'scan.cardBlocked', detail: scan.number } };
      // An unknown card of the chain's scheme still goes on the sale: the server knows it (docs/scanners.md §6.8).
      return { action: { type: 'setCard', number: scan.number, known: known ?? null } };
    }
    case 'product': {
      const product = await findProduct(lookup, scan.gtin);
      if (product === undefined)
        return { notice: { key: 'scan.noProduct', detail: scan.gtin.replace(/^0/, '') } };
      const refused = markedNotice(product);
      if (refused) return { notice: refused };
      return { action: { type: 'addProduct', product } };
    }
    case 'weighted': {
      // The label's item is the catalog row under the label with its value zeroed (docs/scanners.md
      // §6.2), else the product carrying its item code: one product, whatever layout the scale printed.
      const product =
        (await findProduct(lookup, scan.baseGtin)) ?? (await lookup.productByItemCode(scan.itemCode));
      if (product === undefined) return { notice: { key: 'scan.noScaleItem', detail: scan.itemCode } };
      if (scan.value <= 0) return { notice: { key: 'scan.zeroValue', detail: shown(scan.raw) } };
      switch (scan.valueKind) {
        case 'weight_grams':
          return { action: { type: 'addWeighed', product, grams: scan.value } };
        case 'price_minor':
          return { action: { type: 'addPriced', product, priceMinor: scan.value } };
        default:
          return assertNever(scan.valueKind);
      }
    }
    case 'marking': {
      // The serial names the unit for a cashier; the crypto tail would mean nothing to them.
      if (hasMarking(cart, scan.unitKey))
        return { notice: { key: 'scan.duplicateMarking', detail: scan.serial } };
      const product = await findProduct(lookup, scan.gtin);
      if (product === undefined)
        return { notice: { key: 'scan.noMarkedProduct', detail: scan.gtin.replace(/^0/, '') } };
      return {
        action: {
          type: 'addMarked',
          product,
          marking: { code: scan.code, raw: scan.raw, unitKey: scan.unitKey },
        },
      };
    }
    case 'order':
      return { notice: { key: 'scan.order', detail: scan.orderNumber } };
    case 'link':
      return { notice: { key: 'scan.link', detail: scan.code } };
    case 'unknown': {
      if (scan.reason === 'unrecognized') {
        // Cards of schemes this till is not configured for still match the synced card list.
        const card = await lookup.card(scan.raw);
        if (card !== undefined && card.status === 'active')
          return { action: { type: 'setCard', number: scan.raw, known: card } };
      }
      return { notice: { key: UNKNOWN_NOTICES[scan.reason], detail: shown(scan.raw) } };
    }
    default:
      return assertNever(scan);
  }
}
