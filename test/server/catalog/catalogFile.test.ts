import { describe, expect, it } from 'vitest';
import { readCatalogFile } from '../../../server/catalog/catalogFile';
import { gs1CheckDigit } from '../../../shared/barcode';

const ean13 = (body12: string) => body12 + gs1CheckDigit(body12);
const TEA = ean13('460123456789');
const MUG = ean13('460765432101');

describe('a catalog file', () => {
  it('reads columns in any order and case, quoted fields, a BOM, and semicolons with decimal commas', () => {
    const comma = readCatalogFile(
      `\uFEFFName,GTIN,Price,VAT,item_code\r\n"Tea ""Assam"", 100 g",${TEA},89.9,20,\r\nMug,0${MUG},350,10%,00042\r\n\r\n`,
    );
    expect(comma).toEqual({
      ok: true,
      items: [
        {
          gtin: TEA,
          name: 'Tea "Assam", 100 g',
          priceMinor: 8990,
          vatRateBp: 2000,
          itemCode: null,
          marked: null,
        },
        { gtin: MUG, name: 'Mug', priceMinor: 35000, vatRateBp: 1000, itemCode: '00042', marked: null },
      ],
    });
    const semicolon = readCatalogFile(`gtin;name;price\n${TEA};Чай «Ассам»;89,90\n`);
    expect(semicolon).toEqual({
      ok: true,
      items: [
        { gtin: TEA, name: 'Чай «Ассам»', priceMinor: 8990, vatRateBp: null, itemCode: null, marked: null },
      ],
    });
  });

  it('reads which products are marked, as a spreadsheet writes yes and no, and refuses anything else', () => {
    const read = readCatalogFile(`gtin;name;price;marked
${TEA};Tea;89,90;
${MUG};Mug;350;Да
`);
    expect(read.ok && read.items.map((i) => i.marked)).toEqual([false, true]);
    for (const [text, marked] of [
      ['yes', true],
      ['1', true],
      ['TRUE', true],
      ['no', false],
      ['0', false],
      ['нет', false],
    ] as const) {
      const one = readCatalogFile(`gtin,name,price,marked
${TEA},Tea,89.90,${text}
`);
      expect(one.ok && one.items[0]!.marked, text).toBe(marked);
    }
    expect(
      readCatalogFile(`gtin,name,price,marked
${TEA},Tea,89.90,maybe
`),
    ).toEqual({
      ok: false,
      problems: [{ line: 2, message: 'marked: yes or no (1 or 0)' }],
      more: 0,
    });
  });

  it('refuses the whole file, naming each bad row by line', () => {
    const wrongCheck = TEA.slice(0, 12) + String((Number(TEA[12]) + 1) % 10);
    const read = readCatalogFile(
      [
        'gtin,name,price,vat',
        `${TEA},Tea,89.90,20`,
        `${wrongCheck},Tea again,10,`,
        `${MUG},,10,`,
        `${MUG},Mug,-5,`,
        `${MUG},Mug,1 200.00,`,
        `${MUG},Mug,12.345,`,
        `${MUG},Mug,12,150`,
        `0${TEA},Same tea,89.90,`,
      ].join('\n'),
    );
    expect(read).toEqual({
      ok: false,
      more: 0,
      problems: [
        { line: 3, message: 'gtin: a GTIN whose check digit is wrong' },
        { line: 4, message: expect.stringMatching(/^name: /) as unknown },
        { line: 5, message: expect.stringMatching(/^price: a price like 89\.90/) as unknown },
        { line: 6, message: expect.stringMatching(/^price: /) as unknown },
        { line: 7, message: expect.stringMatching(/^price: /) as unknown },
        { line: 8, message: 'vat: a VAT rate of at most 100 %' },
        { line: 9, message: 'gtin: the same product as on line 2' },
      ],
    });
  });

  it('names a header without the columns it needs, a field left open, and an empty file', () => {
    expect(readCatalogFile('barcode,title,price\n1,2,3\n')).toMatchObject({
      ok: false,
      problems: [{ line: 1, message: expect.stringContaining('no gtin, name column') as unknown }],
    });
    expect(readCatalogFile(`gtin,name,price\n${TEA},"Tea,89\n`)).toMatchObject({
      ok: false,
      problems: [{ message: 'a quoted field is never closed' }],
    });
    expect(readCatalogFile('')).toMatchObject({ ok: false, problems: [{ message: 'the file is empty' }] });
  });

  it('lists the first twenty problems and counts the rest', () => {
    const rows = Array.from({ length: 25 }, () => 'x,Tea,1');
    const read = readCatalogFile(['gtin,name,price', ...rows].join('\n'));
    expect(read).toMatchObject({ ok: false, more: 5 });
    if (!read.ok)
      expect(read.problems.map((p) => p.line)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
  });
});
