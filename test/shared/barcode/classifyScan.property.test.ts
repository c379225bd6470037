import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScanConfig } from '../../../shared/barcode';
import { classifyScan, defaultScanConfig } from '../../../shared/barcode';

const GS = '\u001d';

const configs: ScanConfig[] = [
  defaultScanConfig,
  {
    loyaltySchemes: [
      { name: 'any13', prefix: '', length: 13, check: 'luhn' },
      { name: 'letters', prefix: '', length: 8, check: 'none' },
    ],
    inStoreRules: [
      {
        name: 'p20',
        prefix: '20',
        itemCode: { first: 3, last: 6 },
        valueKind: 'price_minor',
        value: { first: 8, last: 12 },
        priceCheckDigit: true,
      },
    ],
    formats: { orderQr: false, linkCode: false, linkUrl: false },
  },
];

// Pieces that steer generated strings into every branch: identifiers, GS, AIs, server prefixes.
const pieces = fc.constantFrom(
  ']E0',
  ']E4',
  ']E3',
  ']C1',
  ']d2',
  ']Q3',
  ']e0',
  ']d1',
  ']',
  GS,
  '01',
  '21',
  '91',
  '92',
  '93',
  '17',
  '10',
  '3103',
  '8005',
  '0',
  '2',
  '4006381333931',
  '04600439931256',
  'OMNI-O:',
  'OMNI-L:',
  'https://h/l/',
  ':',
  '-',
  'A',
  'z',
  'I',
  'O',
  'ъ',
  '\u0000',
  '😀',
);
const structured = fc.array(pieces, { maxLength: 20 }).map((parts) => parts.join(''));

const anyScan = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 20 }),
  structured,
);

describe('classifyScan (property)', () => {
  it('never throws and always returns the input as raw', () => {
    fc.assert(
      fc.property(anyScan, fc.constantFrom(...configs), (raw, config) => {
        const scan = classifyScan(raw, config);
        expect(scan.raw).toBe(raw);
        if (scan.kind === 'marking') expect(raw.endsWith(scan.code)).toBe(true);
        if (scan.kind === 'unknown') expect(typeof scan.reason).toBe('string');
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws with an identifier delivered apart', () => {
    fc.assert(
      fc.property(anyScan, fc.string({ maxLength: 4 }), (raw, symbology) => {
        expect(classifyScan(raw, defaultScanConfig, { symbology }).raw).toBe(raw);
      }),
    );
  });

  it('is a pure function of its input', () => {
    fc.assert(
      fc.property(structured, (raw) => {
        expect(classifyScan(raw, defaultScanConfig)).toEqual(classifyScan(raw, defaultScanConfig));
      }),
    );
  });
});
