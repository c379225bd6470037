import { z } from 'zod';
import { parseUnknown, type Parsed } from '../validation';

/**
 * How a chain's own codes look: its loyalty cards, its in-store weight/price labels (GS1 prefixes
 * 20–29, whose meaning GS1 leaves to each Member Organisation and retailer: GS1 General
 * Specifications §2.1.14, restricted circulation numbers) and which server-issued formats the till
 * accepts. HQ edits it; it reaches the till by sync and is checked here before use.
 */

/** A digit position range inside the 13-digit EAN-13, 1-based and inclusive, as GS1 MOs write them. */
export const digitRangeSchema = z
  .object({ first: z.number().int().min(1).max(13), last: z.number().int().min(1).max(13) })
  .refine((range) => range.first <= range.last, { message: 'first must not be after last' });
export type DigitRange = z.infer<typeof digitRangeSchema>;

export const cardCheckSchema = z.enum(['luhn', 'ean13', 'none']);
export type CardCheck = z.infer<typeof cardCheckSchema>;

/**
 * A loyalty card scheme. `check: 'ean13'` is the GS1 mod-10 check over a 13-digit number; `'none'`
 * allows letters, digits and hyphens (Code 128 cards) and compares them case-blind.
 */
export const loyaltySchemeSchema = z
  .object({
    name: z.string().min(1).max(64),
    prefix: z.string().regex(/^[0-9A-Z-]{0,16}$/, 'digits, upper-case letters or hyphens, at most 16'),
    length: z.number().int().min(4).max(64),
    check: cardCheckSchema,
  })
  .superRefine((scheme, ctx) => {
    if (scheme.prefix.length >= scheme.length) {
      ctx.addIssue({
        code: 'custom',
        message: 'prefix must be shorter than the card number',
        path: ['prefix'],
      });
    }
    if (scheme.check !== 'none' && !/^[0-9]*$/.test(scheme.prefix)) {
      ctx.addIssue({
        code: 'custom',
        message: 'a check-digit scheme has a digits-only prefix',
        path: ['prefix'],
      });
    }
    if (scheme.check === 'ean13' && scheme.length !== 13) {
      ctx.addIssue({ code: 'custom', message: 'an ean13 scheme is 13 digits long', path: ['length'] });
    }
  });
export type LoyaltyScheme = z.infer<typeof loyaltySchemeSchema>;

export const valueKindSchema = z.enum(['weight_grams', 'price_minor']);
export type ValueKind = z.infer<typeof valueKindSchema>;

function overlaps(a: DigitRange, b: DigitRange): boolean {
  return a.first <= b.last && b.first <= a.last;
}

/**
 * One in-store label layout. With `priceCheckDigit` the digit just before the value field is a
 * GS1 price/measure verifier digit (GS1 General Specifications §2.1.14 and §7.9.2–7.9.4), so the
 * value field must then be 4 or 5 digits long.
 */
export const inStoreRuleSchema = z
  .object({
    name: z.string().min(1).max(64),
    prefix: z.string().regex(/^2[0-9]{1,3}$/, 'a GS1 prefix 20–29, optionally narrowed (e.g. "250")'),
    itemCode: digitRangeSchema,
    valueKind: valueKindSchema,
    value: digitRangeSchema,
    priceCheckDigit: z.boolean(),
  })
  .superRefine((rule, ctx) => {
    const body = { first: rule.prefix.length + 1, last: 12 }; // digit 13 is the EAN-13 check digit
    for (const key of ['itemCode', 'value'] as const) {
      const range = rule[key];
      if (range.first < body.first || range.last > body.last) {
        ctx.addIssue({ code: 'custom', message: `must lie in digits ${body.first}–12`, path: [key] });
      }
    }
    if (overlaps(rule.itemCode, rule.value)) {
      ctx.addIssue({ code: 'custom', message: 'item code and value overlap', path: ['value'] });
    }
    if (rule.priceCheckDigit) {
      const width = rule.value.last - rule.value.first + 1;
      const at = rule.value.first - 1;
      const clash = at < body.first || (at >= rule.itemCode.first && at <= rule.itemCode.last);
      if ((width !== 4 && width !== 5) || clash) {
        ctx.addIssue({
          code: 'custom',
          message: 'a price check digit needs a free digit before a 4- or 5-digit value',
          path: ['priceCheckDigit'],
        });
      }
    }
  });
export type InStoreRule = z.infer<typeof inStoreRuleSchema>;

export const scanFormatsSchema = z.object({
  /** `OMNI-O:` web-shop order QR codes (pickup desk). */
  orderQr: z.boolean().default(true),
  /** `OMNI-L:` receipt link codes. */
  linkCode: z.boolean().default(true),
  /** `https://<host>/l/<code>` receipt link URLs. */
  linkUrl: z.boolean().default(true),
});
export type ScanFormats = z.infer<typeof scanFormatsSchema>;

export const scanConfigSchema = z
  .object({
    loyaltySchemes: z.array(loyaltySchemeSchema).max(32).default([]),
    inStoreRules: z.array(inStoreRuleSchema).max(64).default([]),
    formats: scanFormatsSchema.default({ orderQr: true, linkCode: true, linkUrl: true }),
  })
  .superRefine((config, ctx) => {
    // Two rules whose prefixes nest ("25" and "250") would make the reading depend on their order.
    config.inStoreRules.forEach((rule, index) => {
      const clash = config.inStoreRules.findIndex(
        (other, j) =>
          j !== index && (other.prefix.startsWith(rule.prefix) || rule.prefix.startsWith(other.prefix)),
      );
      if (clash >= 0 && clash > index) {
        ctx.addIssue({
          code: 'custom',
          message: `prefix overlaps rule ${clash}`,
          path: ['inStoreRules', index],
        });
      }
    });
    const names = config.loyaltySchemes.map((scheme) => scheme.name);
    if (new Set(names).size !== names.length) {
      ctx.addIssue({ code: 'custom', message: 'scheme names must be unique', path: ['loyaltySchemes'] });
    }
  });
export type ScanConfig = z.infer<typeof scanConfigSchema>;
/** What HQ may write: omitted lists and formats take their defaults. */
export type ScanConfigInput = z.input<typeof scanConfigSchema>;

/**
 * A starting point for a new chain: store cards as EAN-13 in the 299 range, scale labels with
 * 5-digit PLU and weight in grams under prefixes 21 and 22, price labels in kopecks under 23 (the
 * common Russian scale layout, and the Odoo defaults), every server format on.
 */
export const defaultScanConfig: ScanConfig = {
  loyaltySchemes: [{ name: 'store-card', prefix: '299', length: 13, check: 'ean13' }],
  inStoreRules: [
    weightRule('scale-weight-21', '21'),
    weightRule('scale-weight-22', '22'),
    {
      name: 'scale-price-23',
      prefix: '23',
      itemCode: { first: 3, last: 7 },
      valueKind: 'price_minor',
      value: { first: 8, last: 12 },
      priceCheckDigit: false,
    },
  ],
  formats: { orderQr: true, linkCode: true, linkUrl: true },
};

function weightRule(name: string, prefix: string): InStoreRule {
  return {
    name,
    prefix,
    itemCode: { first: 3, last: 7 },
    valueKind: 'weight_grams',
    value: { first: 8, last: 12 },
    priceCheckDigit: false,
  };
}

export type ScanConfigParse = Parsed<ScanConfig>;

/**
 * Checks a configuration from sync, disk or the HQ form; the only way such a value becomes a
 * `ScanConfig`.
 *
 * @example parseScanConfig({ loyaltySchemes: [{ name: 'club', prefix: '77', length: 16, check: 'luhn' }] }).ok // true
 */
export function parseScanConfig(value: unknown): ScanConfigParse {
  return parseUnknown(scanConfigSchema, value);
}
