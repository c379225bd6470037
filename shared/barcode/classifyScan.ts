/**
 * The one barcode grammar (docs/scanners.md §6.7): every scan, from any transport, becomes exactly one
 * `Scan`. Pure and total: it never throws, whatever the string.
 *
 * Order of reading, and so the rules for codes that fit more than one grammar:
 * 1. An AIM identifier (ISO/IEC 15424) is split off and reported. One that marks GS1 data (`]C1`,
 *    `]d2`, `]Q3`, `]e0`), or data starting with GS (FNC1 sent as a character), is read only as a
 *    GS1 element string: (01)+(21) is a marking code, (01) alone a product.
 * 2. Server formats (`OMNI-O:`, `OMNI-L:`, `https://…/l/…`) cannot be mistaken for anything else.
 * 3. A loyalty card of a configured scheme is a card, even when the same digits are a valid EAN-13:
 *    chains print cards with in-house EAN-13 prefixes (2xx, 99), and the configuration is the
 *    store's explicit word on what its own numbers mean.
 * 4. A valid EAN-13 with prefix 20–29 and a matching in-store rule is a weighted item; any other
 *    valid GTIN is a product (UPC-E expanded, everything normalised to GTIN-14).
 * 5. Digits starting "01" + GTIN-14 + "21" with no identifier are tried as a marking code, because
 *    keyboard-wedge and misconfigured scanners drop the FNC1 marker.
 * 6. A GTIN- or card-shaped code whose check digit fails is `bad_check_digit`; anything else is
 *    `unrecognized`.
 */
import { parseGs1ElementString, GS, gs1Value } from './gs1ElementString';
import type { Gs1Element } from './gs1ElementString';
import { restrictedCirculation } from './gtin';
import { matchInStoreCode } from './inStoreCode';
import { matchLoyaltyCard } from './loyaltyCard';
import { readMarkingFields } from './markingCode';
import { readRetailCode } from './retailCode';
import type { ScanConfig } from './scanConfig';
import type { Scan, UnknownReason } from './scanTypes';
import { parseLinkCode, parseOrderQr } from './serverCodes';
import type { Symbology } from './symbology';
import { describeSymbology, splitSymbology } from './symbology';

/** Longer input is refused unread: a Chestny ZNAK code is under 200 characters, a QR under 4 KB. */
export const MAX_CLASSIFIED_LENGTH = 4096;

export type ClassifyOptions = {
  /** An AIM identifier the transport delivered outside the data (HID POS reports carry it apart). */
  readonly symbology?: string;
};

type Context = { readonly raw: string; readonly symbology: Symbology | undefined };

// Results are built as plain literals with every field present (undefined when not applicable):
// object spreads cost more than the whole grammar on the hot path, and one shape per kind keeps
// the objects cheap for the renderer.
function unknown(ctx: Context, reason: UnknownReason, detail?: string): Scan {
  return { kind: 'unknown', raw: ctx.raw, symbology: ctx.symbology, reason, detail };
}

/** GS1 data: a marking code when it serialises a GTIN, a product when it only names one. */
function classifyGs1(ctx: Context, data: string): Scan {
  const parsed = parseGs1ElementString(data);
  if (!parsed.ok) {
    const { code, ai, offset } = parsed.error;
    const detail = `${code}${ai === undefined ? '' : `(${ai})`}@${offset}`;
    return unknown(ctx, code === 'bad_check_digit' ? 'bad_check_digit' : 'bad_gs1', detail);
  }
  return fromElements(ctx, data, parsed.elements) ?? unknown(ctx, 'no_gtin');
}

function fromElements(ctx: Context, data: string, elements: readonly Gs1Element[]): Scan | undefined {
  const m = readMarkingFields(elements);
  if (m !== undefined) {
    return {
      kind: 'marking',
      raw: ctx.raw,
      symbology: ctx.symbology,
      code: data.startsWith(GS) ? data.slice(1) : data,
      scheme: m.scheme,
      gtin: m.gtin,
      serial: m.serial,
      verificationKey: m.verificationKey,
      verificationCode: m.verificationCode,
      cryptoCode: m.cryptoCode,
      expiry: m.expiry,
      batch: m.batch,
      unitKey: m.unitKey,
      elements,
    };
  }
  const gtin = gs1Value(elements, '01');
  if (gtin === undefined) return undefined;
  return {
    kind: 'product',
    raw: ctx.raw,
    symbology: ctx.symbology,
    gtin,
    format: 'gtin14',
    restricted: restrictedCirculation(gtin),
    addOn: undefined,
    gs1: elements,
  };
}

function classifyServerCode(ctx: Context, data: string, config: ScanConfig): Scan | undefined {
  const order = parseOrderQr(data);
  if (order.ok || order.reason === 'bad_order_qr') {
    if (!config.formats.orderQr) return unknown(ctx, 'format_disabled', 'order_qr');
    if (!order.ok) return unknown(ctx, 'bad_order_qr');
    const { orderNumber, pickupToken } = order;
    return { kind: 'order', raw: ctx.raw, symbology: ctx.symbology, orderNumber, pickupToken };
  }
  const link = parseLinkCode(data);
  if (link.ok) {
    const enabled = link.form === 'url' ? config.formats.linkUrl : config.formats.linkCode;
    if (!enabled) return unknown(ctx, 'format_disabled', `link_${link.form}`);
    const { code, form, host } = link;
    return { kind: 'link', raw: ctx.raw, symbology: ctx.symbology, code, form, host };
  }
  if (link.reason === 'bad_link_code') {
    return config.formats.linkCode || config.formats.linkUrl
      ? unknown(ctx, 'bad_link_code')
      : unknown(ctx, 'format_disabled', 'link');
  }
  return undefined;
}

const UNFLAGGED_MARKING = /^01[0-9]{14}21/;

function classifyPlain(ctx: Context, data: string, config: ScanConfig): Scan {
  const server = classifyServerCode(ctx, data, config);
  if (server !== undefined) return server;

  const card = matchLoyaltyCard(data, config.loyaltySchemes);
  if (card.kind === 'card') {
    return { kind: 'card', raw: ctx.raw, symbology: ctx.symbology, scheme: card.scheme, number: card.number };
  }

  const retail = readRetailCode(data, ctx.symbology?.name);
  if (retail.kind === 'gtin') {
    if (retail.format === 'ean13' && retail.addOn === undefined) {
      const weighed = matchInStoreCode(retail.printed, config.inStoreRules);
      if (weighed.kind === 'bad_price_check')
        return unknown(ctx, 'bad_check_digit', `price(${weighed.rule.name})`);
      if (weighed.kind === 'weighted') {
        return {
          kind: 'weighted',
          raw: ctx.raw,
          symbology: ctx.symbology,
          rule: weighed.rule.name,
          gtin: retail.gtin14,
          baseGtin: weighed.baseGtin13.padStart(14, '0'),
          itemCode: weighed.itemCode,
          valueKind: weighed.rule.valueKind,
          value: weighed.value,
        };
      }
    }
    return {
      kind: 'product',
      raw: ctx.raw,
      symbology: ctx.symbology,
      gtin: retail.gtin14,
      format: retail.format,
      restricted: retail.format === 'upce' ? undefined : restrictedCirculation(retail.printed),
      addOn: retail.addOn,
      gs1: undefined,
    };
  }

  if (UNFLAGGED_MARKING.test(data)) {
    const parsed = parseGs1ElementString(data);
    const marking = parsed.ok ? fromElements(ctx, data, parsed.elements) : undefined;
    if (marking?.kind === 'marking') return marking;
  }

  if (retail.kind === 'bad_check') return unknown(ctx, 'bad_check_digit', retail.format);
  if (card.kind === 'bad_check') return unknown(ctx, 'bad_check_digit', `card(${card.scheme})`);
  return unknown(ctx, 'unrecognized');
}

/**
 * Classifies one scan. `raw` is the data as framed by the transport (suffix removed), with the
 * AIM identifier in front when the scanner sends it in-band; an identifier delivered separately
 * goes in `options.symbology`. The result keeps `raw` exactly as given.
 *
 * @example classifyScan(']E04006381333931', defaultScanConfig)
 * // { kind: 'product', raw: ']E04006381333931', symbology: { id: ']E0', … }, gtin: '04006381333931', format: 'ean13', … }
 * @example classifyScan('2100005080002', defaultScanConfig)
 * // { kind: 'weighted', rule: 'scale-weight-21', itemCode: '00005', valueKind: 'weight_grams', value: 8000, … }
 */
export function classifyScan(raw: string, config: ScanConfig, options: ClassifyOptions = {}): Scan {
  if (raw.length > MAX_CLASSIFIED_LENGTH) return unknown({ raw, symbology: undefined }, 'too_long');
  let symbology: Symbology | undefined;
  let data = raw;
  if (options.symbology !== undefined) {
    symbology = describeSymbology(options.symbology);
    if (symbology === undefined) return unknown({ raw, symbology }, 'bad_symbology_identifier');
  } else {
    const split = splitSymbology(raw);
    if (split.kind === 'malformed') return unknown({ raw, symbology: undefined }, 'bad_symbology_identifier');
    if (split.kind === 'aim') {
      symbology = split.symbology;
      data = split.data;
    }
  }
  const ctx: Context = { raw, symbology };
  if (data.length === 0) return unknown(ctx, 'empty');
  if (symbology?.gs1 === true || data.startsWith(GS)) return classifyGs1(ctx, data);
  return classifyPlain(ctx, data, config);
}
