import { describe, expect, it } from 'vitest';
import type { Gs1Element } from '../../../shared/barcode';
import {
  findAiAt,
  formatGs1ElementString,
  formatGs1Hri,
  GS1_AI_TABLE,
  gs1Decimal,
  gs1FullYear,
  parseGs1Date,
  parseGs1ElementString,
  validateGs1Element,
} from '../../../shared/barcode';

const GS = '\u001d';

/** Turns bracketed HRI into elements; test data only, values never contain "(" here. */
function hri(text: string): Gs1Element[] {
  return [...text.matchAll(/\((\d{2,4})\)([^(]*)/g)].map((m) => ({ ai: m[1] ?? '', value: m[2] ?? '' }));
}

describe('parseGs1ElementString: public vectors', () => {
  it.each([
    // GS1 General Specifications style example; 17 is predefined-length, 10 is last, so no GS.
    ['0109506000134352' + '17201225' + '10ABC123', '(01)09506000134352(17)201225(10)ABC123'],
    // Same data, variable field first: a GS ends it.
    ['10ABC123' + GS + '0109506000134352' + '17201225', '(10)ABC123(01)09506000134352(17)201225'],
    // python-stdnum tests/test_gs1_128.doctest
    ['013842587609507417181119371', '(01)38425876095074(17)181119(37)1'],
    // Odoo barcodes tests
    ['0108431673020125100000001', '(01)08431673020125(10)0000001'],
    // GS1 barcode engine scandata.c, after the ]Q3 / ]d2 / ]e0 identifier
    ['011231231231233310ABC123' + GS + '99TESTING', '(01)12312312312333(10)ABC123(99)TESTING'],
    ['012401234567890599COMPOSITE' + GS + '98XYZ', '(01)24012345678905(99)COMPOSITE(98)XYZ'],
    [
      '011231231231233310ABC123' + GS + '1199122598COMPOSITE' + GS + '97XYZ',
      '(01)12312312312333(10)ABC123(11)991225(98)COMPOSITE(97)XYZ',
    ],
    // python-stdnum: "(310)5033333" is AI 3105 (five decimals) with value 033333
    ['3105033333', '(3105)033333'],
  ])('%j', (data, expected) => {
    expect(parseGs1ElementString(data)).toEqual({ ok: true, elements: hri(expected) });
  });

  it('reads Chestny ZNAK codes with GS before 91 and 92 (wiki.courierexe.ru sample)', () => {
    const code =
      '0102900002317701' +
      '21k3LInNbH_oG0Q' +
      GS +
      '91EE06' +
      GS +
      '92YXiyKfiHjE4YE8b+YVMC1O5r8VtpplA3AwcCqrcG9Dk=';
    expect(parseGs1ElementString(code)).toEqual({
      ok: true,
      elements: [
        { ai: '01', value: '02900002317701' },
        { ai: '21', value: 'k3LInNbH_oG0Q' },
        { ai: '91', value: 'EE06' },
        { ai: '92', value: 'YXiyKfiHjE4YE8b+YVMC1O5r8VtpplA3AwcCqrcG9Dk=' },
      ],
    });
  });

  it('tolerates a leading GS (FNC1 in first position) and a GS after a predefined-length AI', () => {
    const parsed = parseGs1ElementString(GS + '0109506000134352' + GS + '17201225');
    expect(parsed).toEqual({ ok: true, elements: hri('(01)09506000134352(17)201225') });
  });

  it('reads a fixed-length AI outside the predefined table (8005) followed by GS', () => {
    expect(
      parseGs1ElementString('0104600439931256' + '21ABC1234' + GS + '8005012345' + GS + '93ab+1'),
    ).toEqual({
      ok: true,
      elements: hri('(01)04600439931256(21)ABC1234(8005)012345(93)ab+1'),
    });
  });
});

describe('parseGs1ElementString: errors', () => {
  it.each([
    ['', 'empty', undefined],
    [GS, 'empty', undefined],
    ['0109506000134353', 'bad_check_digit', '01'],
    ['01095060001343', 'truncated', '01'],
    ['1720133210ABC', 'bad_date', '17'],
    ['17210229', 'bad_date', '17'],
    ['1100000110ABC', 'bad_date', '11'],
    ['10ABC^123', 'bad_charset', '10'],
    ['10ABC 123', 'bad_charset', '10'],
    ['21' + 'A'.repeat(21), 'too_long', '21'],
    ['0109506000134352' + '21k3LInNbH_oG0Q91EE0692YXiyKfiHjE4YE8b', 'too_long', '21'],
    ['0109506000134352' + '23X', 'unknown_ai', undefined],
    ['ABC', 'unknown_ai', undefined],
    ['7003201225' + '2460', 'bad_time', '7003'],
  ])('%j → %s', (data, code, ai) => {
    const parsed = parseGs1ElementString(data);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.code).toBe(code);
      expect(parsed.error.ai).toBe(ai);
    }
  });

  it('points at the offending position', () => {
    const parsed = parseGs1ElementString('0109506000134352' + '23X');
    expect(parsed).toEqual({ ok: false, error: { code: 'unknown_ai', offset: 16, ai: undefined } });
  });
});

describe('formatGs1ElementString', () => {
  it('puts GS only after variable or non-predefined fields that are not last', () => {
    expect(formatGs1ElementString(hri('(01)09506000134352(17)201225(10)ABC123'))).toBe(
      '0109506000134352' + '17201225' + '10ABC123',
    );
    expect(formatGs1ElementString(hri('(01)09506000134352(10)ABC123(17)201225'))).toBe(
      '0109506000134352' + '10ABC123' + GS + '17201225',
    );
    expect(formatGs1ElementString(hri('(8005)012345(01)09506000134352'))).toBe(
      '8005012345' + GS + '0109506000134352',
    );
    expect(formatGs1ElementString(hri('(01)09506000134352'), { leadingGs: true })).toBe(
      GS + '0109506000134352',
    );
  });

  it('refuses elements that would not parse back', () => {
    expect(() => formatGs1ElementString([])).toThrow(RangeError);
    expect(() => formatGs1ElementString([{ ai: '01', value: '09506000134353' }])).toThrow(RangeError);
    expect(() => formatGs1ElementString([{ ai: '23', value: '1' }])).toThrow(RangeError);
    expect(() => formatGs1ElementString([{ ai: '10', value: 'A' + GS + 'B' }])).toThrow(RangeError);
  });

  it('prints the human-readable form', () => {
    expect(formatGs1Hri(hri('(01)09506000134352(17)201225(10)ABC123'))).toBe(
      '(01)09506000134352(17)201225(10)ABC123',
    );
  });
});

describe('AI table', () => {
  it('is prefix-free, so the AI at a position is never ambiguous', () => {
    const ais = [...GS1_AI_TABLE.keys()];
    for (const a of ais) for (const b of ais) if (a !== b) expect(b.startsWith(a)).toBe(false);
  });

  it('has the AIs the till relies on, with their lengths', () => {
    const expected: [string, number | undefined, boolean][] = [
      ['00', 18, true],
      ['01', 14, true],
      ['02', 14, true],
      ['10', undefined, false],
      ['11', 6, true],
      ['17', 6, true],
      ['21', undefined, false],
      ['30', undefined, false],
      ['3103', 6, true],
      ['3922', undefined, false],
      ['8005', 6, false],
      ['91', undefined, false],
      ['92', undefined, false],
      ['93', undefined, false],
    ];
    for (const [ai, fixedLength, predefined] of expected) {
      expect(GS1_AI_TABLE.get(ai)).toMatchObject({ ai, fixedLength, predefinedLength: predefined });
    }
    expect(GS1_AI_TABLE.get('92')?.maxLength).toBe(90);
    expect(GS1_AI_TABLE.get('21')?.maxLength).toBe(20);
    expect(findAiAt('3922123', 0)?.decimals).toBe(2);
  });

  it('validates single elements', () => {
    expect(validateGs1Element({ ai: '01', value: '09506000134352' })).toBeUndefined();
    expect(validateGs1Element({ ai: '17', value: '201332' })).toBe('bad_date');
    expect(validateGs1Element({ ai: '253', value: '9521234543213' })).toBeUndefined();
    expect(validateGs1Element({ ai: '253', value: '9521234543213ABC' })).toBeUndefined();
    expect(validateGs1Element({ ai: '3932', value: '64' })).toBe('truncated');
  });
});

describe('GS1 values', () => {
  it('reads YYMMDD with DD=00 meaning end of month for AIs 11–17', () => {
    expect(parseGs1Date('201225', true)).toEqual({ yy: 20, month: 12, day: 25 });
    expect(parseGs1Date('211200', true)).toEqual({ yy: 21, month: 12, day: 0 });
    expect(parseGs1Date('211200', false)).toBeUndefined();
    expect(parseGs1Date('200229', true)).toEqual({ yy: 20, month: 2, day: 29 });
    expect(parseGs1Date('210229', true)).toBeUndefined();
    expect(parseGs1Date('210431', true)).toBeUndefined();
    expect(parseGs1Date('211301', true)).toBeUndefined();
  });

  it('applies the GS1 century window (§7.12)', () => {
    expect(gs1FullYear(25, 2026)).toBe(2025);
    expect(gs1FullYear(75, 2026)).toBe(2075);
    expect(gs1FullYear(77, 2026)).toBe(1977);
    expect(gs1FullYear(0, 2099)).toBe(2100);
  });

  it('keeps measures and prices as integer units with implied decimals', () => {
    // python-stdnum: (3105)033333 is 0.33333
    expect(gs1Decimal({ ai: '3105', value: '033333' })).toEqual({
      units: 33333,
      decimals: 5,
      currency: undefined,
    });
    expect(gs1Decimal({ ai: '3103', value: '001250' })).toEqual({
      units: 1250,
      decimals: 3,
      currency: undefined,
    });
    expect(gs1Decimal({ ai: '3932', value: '643123450' })).toEqual({
      units: 123450,
      decimals: 2,
      currency: '643',
    });
    expect(gs1Decimal({ ai: '01', value: '09506000134352' })).toBeUndefined();
  });
});
