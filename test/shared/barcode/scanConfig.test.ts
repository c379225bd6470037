import { describe, expect, it } from 'vitest';
import { defaultScanConfig, parseScanConfig, scanConfigSchema } from '../../../shared/barcode';

const weight = {
  name: 'scale',
  prefix: '21',
  itemCode: { first: 3, last: 7 },
  valueKind: 'weight_grams',
  value: { first: 8, last: 12 },
  priceCheckDigit: false,
};

describe('scan configuration', () => {
  it('accepts the default', () => {
    expect(scanConfigSchema.parse(defaultScanConfig)).toEqual(defaultScanConfig);
  });

  it('fills in omitted parts', () => {
    expect(parseScanConfig({})).toEqual({
      ok: true,
      value: {
        loyaltySchemes: [],
        inStoreRules: [],
        formats: { orderQr: true, linkCode: true, linkUrl: true },
      },
    });
    expect(parseScanConfig({ formats: { orderQr: false } })).toMatchObject({
      ok: true,
      value: { formats: { orderQr: false, linkCode: true, linkUrl: true } },
    });
  });

  it('accepts a GS1-style layout with a price verifier digit before a 5-digit price', () => {
    const rule = {
      ...weight,
      prefix: '20',
      itemCode: { first: 3, last: 6 },
      valueKind: 'price_minor',
      priceCheckDigit: true,
    };
    expect(parseScanConfig({ inStoreRules: [rule] }).ok).toBe(true);
  });

  it.each([
    ['a prefix outside 20–29', { inStoreRules: [{ ...weight, prefix: '30' }] }],
    ['a field over the check digit', { inStoreRules: [{ ...weight, value: { first: 8, last: 13 } }] }],
    ['a field over the prefix', { inStoreRules: [{ ...weight, itemCode: { first: 2, last: 7 } }] }],
    ['overlapping fields', { inStoreRules: [{ ...weight, itemCode: { first: 3, last: 8 } }] }],
    ['a reversed range', { inStoreRules: [{ ...weight, value: { first: 12, last: 8 } }] }],
    ['a price check digit with no room', { inStoreRules: [{ ...weight, priceCheckDigit: true }] }],
    ['nested rule prefixes', { inStoreRules: [weight, { ...weight, name: 'narrow', prefix: '215' }] }],
    [
      'an ean13 card of 16 digits',
      { loyaltySchemes: [{ name: 'c', prefix: '7', length: 16, check: 'ean13' }] },
    ],
    [
      'a Luhn card with a letter prefix',
      { loyaltySchemes: [{ name: 'c', prefix: 'AB', length: 16, check: 'luhn' }] },
    ],
    [
      'a prefix as long as the card',
      { loyaltySchemes: [{ name: 'c', prefix: '1234', length: 4, check: 'none' }] },
    ],
    [
      'duplicate scheme names',
      {
        loyaltySchemes: [
          { name: 'c', prefix: '77', length: 16, check: 'luhn' },
          { name: 'c', prefix: '78', length: 16, check: 'luhn' },
        ],
      },
    ],
    ['a wrong value kind', { inStoreRules: [{ ...weight, valueKind: 'weight_kg' }] }],
    ['not an object', 'loyalty'],
  ])('refuses %s', (_why, config) => {
    const parsed = parseScanConfig(config);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.length).toBeGreaterThan(0);
  });
});
