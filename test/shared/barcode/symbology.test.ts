import { describe, expect, it } from 'vitest';
import { describeSymbology, splitSymbology, withSymbology } from '../../../shared/barcode';

describe('AIM symbology identifiers (ISO/IEC 15424)', () => {
  it.each([
    [']E0', 'ean_upc', false],
    [']E4', 'ean8', false],
    [']E3', 'ean_upc_add_on', false],
    [']C0', 'code128', false],
    [']C1', 'gs1_128', true],
    [']d1', 'datamatrix', false],
    [']d2', 'gs1_datamatrix', true],
    [']Q1', 'qr', false],
    [']Q3', 'gs1_qr', true],
    [']e0', 'gs1_databar', true],
    [']A0', 'code39', false],
    [']I0', 'itf', false],
    [']I1', 'itf', false],
    [']F0', 'codabar', false],
    [']L2', 'pdf417', false],
    [']z0', 'aztec', false],
    [']X0', 'other', false],
    [']K9', 'unlisted', false],
  ])('%s is %s (GS1 data: %s)', (id, name, gs1) => {
    expect(describeSymbology(id)).toEqual({ id, code: id.charAt(1), modifier: id.charAt(2), name, gs1 });
  });

  it('is case-sensitive: ]e0 is DataBar, ]E0 is EAN/UPC; ]D2 is not GS1 DataMatrix', () => {
    expect(describeSymbology(']e0')?.name).toBe('gs1_databar');
    expect(describeSymbology(']E0')?.name).toBe('ean_upc');
    expect(describeSymbology(']D2')?.gs1).toBe(false);
  });

  it.each(['', ']', ']E', ']E00', '[E0', ']0E', ']E-', ']Ё0'])('%j is not an identifier', (id) => {
    expect(describeSymbology(id)).toBeUndefined();
  });
});

describe('splitSymbology', () => {
  it('splits the identifier off the data', () => {
    expect(splitSymbology(']E04006381333931')).toMatchObject({
      kind: 'aim',
      symbology: { id: ']E0' },
      data: '4006381333931',
    });
  });

  it('leaves data without one alone', () => {
    expect(splitSymbology('4006381333931')).toEqual({ kind: 'none', data: '4006381333931' });
    expect(splitSymbology('')).toEqual({ kind: 'none', data: '' });
  });

  it('reports a leading ] that is not an identifier as malformed', () => {
    expect(splitSymbology(']')).toEqual({ kind: 'malformed' });
    expect(splitSymbology(']?1234')).toEqual({ kind: 'malformed' });
  });

  it('gives empty data for an identifier alone', () => {
    expect(splitSymbology(']d2')).toMatchObject({ kind: 'aim', data: '' });
  });

  it('builds fixtures and refuses bad identifiers', () => {
    expect(withSymbology(']E0', '4006381333931')).toBe(']E04006381333931');
    expect(() => withSymbology('E0', '1')).toThrow(RangeError);
  });
});
