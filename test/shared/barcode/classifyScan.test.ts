import { describe, expect, it } from 'vitest';
import type { ScanConfig } from '../../../shared/barcode';
import { classifyScan, defaultScanConfig, makeLinkCode } from '../../../shared/barcode';

const GS = '\u001d';

// A chain with the default scale rules, an in-house EAN-13 card range and a 16-digit Luhn card,
// plus a GS1-style price label (prefix 20: 4-digit item, price verifier digit, 5-digit price).
const config: ScanConfig = {
  ...defaultScanConfig,
  loyaltySchemes: [
    { name: 'store-card', prefix: '299', length: 13, check: 'ean13' },
    { name: 'club', prefix: '7788', length: 16, check: 'luhn' },
    { name: 'legacy', prefix: 'CARD-', length: 10, check: 'none' },
  ],
  inStoreRules: [
    ...defaultScanConfig.inStoreRules,
    {
      name: 'gs1-price-20',
      prefix: '20',
      itemCode: { first: 3, last: 6 },
      valueKind: 'price_minor',
      value: { first: 8, last: 12 },
      priceCheckDigit: true,
    },
    {
      name: 'gs1-price-27',
      prefix: '27',
      itemCode: { first: 3, last: 7 },
      valueKind: 'price_minor',
      value: { first: 9, last: 12 },
      priceCheckDigit: true,
    },
  ],
};

describe('products', () => {
  it.each([
    ['4006381333931', '04006381333931', 'ean13'],
    [']E04006381333931', '04006381333931', 'ean13'],
    ['9780306406157', '09780306406157', 'ean13'],
    ['036000291452', '00036000291452', 'upca'],
    [']E00036000291452', '00036000291452', 'ean13'], // GS1 scan-data convention: UPC-A as 13 digits
    [']E00425261', '00042100005264', 'upce'],
    [']E004252614', '00042100005264', 'upce'],
    ['04252614', '00042100005264', 'upce'],
    [']E402345673', '00000002345673', 'ean8'],
    [']I012312312312333', '12312312312333', 'gtin14'],
    [']E001234565', '00012345000065', 'upce'], // with ]E0 eight digits are UPC-E…
    ['01234565', '00000001234565', 'ean8'], // …without an identifier EAN-8 is tried first
  ])('%j → GTIN %s (%s)', (raw, gtin, format) => {
    expect(classifyScan(raw, config)).toMatchObject({ kind: 'product', raw, gtin, format });
  });

  it('reports the AIM identifier and keeps raw exact', () => {
    const scan = classifyScan(']E04006381333931', config);
    expect(scan).toEqual({
      raw: ']E04006381333931',
      symbology: { id: ']E0', code: 'E', modifier: '0', name: 'ean_upc', gs1: false },
      kind: 'product',
      gtin: '04006381333931',
      format: 'ean13',
    });
  });

  it('takes an identifier delivered outside the data', () => {
    expect(classifyScan('0425261', config, { symbology: ']E0' })).toMatchObject({
      raw: '0425261',
      symbology: { id: ']E0' },
      kind: 'product',
      gtin: '00042100005264',
    });
    expect(classifyScan('0425261', config, { symbology: 'E0' })).toMatchObject({
      kind: 'unknown',
      reason: 'bad_symbology_identifier',
    });
  });

  it('splits an EAN add-on (]E3)', () => {
    expect(classifyScan(']E3978030640615751299', config)).toMatchObject({
      kind: 'product',
      gtin: '09780306406157',
      addOn: '51299',
    });
  });

  it('flags company-internal numbers', () => {
    expect(classifyScan('02345673', config)).toMatchObject({ kind: 'product', restricted: 'company' });
  });

  it('reads a product from GS1 data without a serial, keeping the other fields', () => {
    const raw = ']C1' + '0109506000134352' + '17201225' + '10ABC123';
    expect(classifyScan(raw, config)).toMatchObject({
      kind: 'product',
      gtin: '09506000134352',
      format: 'gtin14',
      gs1: [
        { ai: '01', value: '09506000134352' },
        { ai: '17', value: '201225' },
        { ai: '10', value: 'ABC123' },
      ],
    });
  });
});

describe('in-store weight and price labels (prefixes 20–29)', () => {
  it('reads Odoo tour vectors: price 123.45 and weight 8.000 kg', () => {
    expect(classifyScan('2305000123451', config)).toEqual({
      raw: '2305000123451',
      kind: 'weighted',
      rule: 'scale-price-23',
      gtin: '02305000123451',
      baseGtin: '02305000000004',
      itemCode: '05000',
      valueKind: 'price_minor',
      value: 12345,
    });
    expect(classifyScan(']E02100005080002', config)).toMatchObject({
      kind: 'weighted',
      rule: 'scale-weight-21',
      baseGtin: '02100005000000',
      itemCode: '00005',
      valueKind: 'weight_grams',
      value: 8000,
    });
  });

  it('refuses the old Odoo vectors, whose check digits are wrong', () => {
    for (const raw of ['2305000123454', '2100005080000']) {
      expect(classifyScan(raw, config)).toMatchObject({ kind: 'unknown', reason: 'bad_check_digit' });
    }
  });

  it('checks a price verifier digit (GS1 §7.9.3 four digits, §7.9.4 five digits)', () => {
    // Built by hand: 20|1234|2|01995|2 (19.95, verifier 2) and 27|12345|9|0899|3 (8.99, verifier 9).
    expect(classifyScan('2012342019952', config)).toMatchObject({
      kind: 'weighted',
      rule: 'gs1-price-20',
      itemCode: '1234',
      value: 1995,
      baseGtin: '02012340000006',
    });
    expect(classifyScan('2712345908993', config)).toMatchObject({
      kind: 'weighted',
      value: 899,
      itemCode: '12345',
    });
    expect(classifyScan('2712345008990', config)).toMatchObject({
      kind: 'unknown',
      reason: 'bad_check_digit',
    });
  });

  it('leaves a 2x prefix without a rule as a restricted product', () => {
    expect(classifyScan('2812345678909', config)).toMatchObject({ kind: 'product', restricted: 'region' });
  });
});

describe('loyalty cards and the ambiguity rule', () => {
  it('prefers a configured card over a valid EAN-13 with the same digits', () => {
    expect(classifyScan('2990000012340', config)).toEqual({
      raw: '2990000012340',
      kind: 'card',
      scheme: 'store-card',
      number: '2990000012340',
    });
  });

  it('reads Luhn cards and upper-cases letter cards (Caps Lock on a wedge scanner)', () => {
    expect(classifyScan('7788000012345677', config)).toMatchObject({ kind: 'card', scheme: 'club' });
    expect(classifyScan(']C0card-00123', config)).toMatchObject({
      kind: 'card',
      scheme: 'legacy',
      number: 'CARD-00123',
    });
  });

  it('a Luhn scheme can claim digits that are also an EAN-13', () => {
    const luhn: ScanConfig = {
      ...config,
      loyaltySchemes: [{ name: 'l13', prefix: '46', length: 13, check: 'luhn' }],
    };
    expect(classifyScan('4600000000060', luhn)).toMatchObject({ kind: 'card', scheme: 'l13' });
    expect(classifyScan('4601234567893', luhn)).toMatchObject({ kind: 'product', gtin: '04601234567893' });
  });

  it('reports a card-shaped number with a bad check digit', () => {
    expect(classifyScan('7788000012345670', config)).toMatchObject({
      kind: 'unknown',
      reason: 'bad_check_digit',
      detail: 'card(club)',
    });
  });
});

describe('marking codes', () => {
  // wiki.courierexe.ru Chestny ZNAK sample (textile, 44-character tail), GS before 91 and 92.
  const courier =
    '0102900002317701' +
    '21k3LInNbH_oG0Q' +
    GS +
    '91EE06' +
    GS +
    '92YXiyKfiHjE4YE8b+YVMC1O5r8VtpplA3AwcCqrcG9Dk=';

  it.each([
    ['GS1 DataMatrix identifier', ']d2' + courier, courier],
    ['a leading GS for FNC1', GS + courier, courier],
    [']d2 and a leading GS', ']d2' + GS + courier, courier],
    ['no identifier at all', courier, courier],
    ['plain DataMatrix identifier', ']d1' + courier, courier],
  ])('reads the Chestny ZNAK sample with %s, byte-exact', (_how, raw, code) => {
    const scan = classifyScan(raw, config);
    expect(scan).toMatchObject({
      raw,
      kind: 'marking',
      scheme: 'chestny_znak',
      code,
      gtin: '02900002317701',
      serial: 'k3LInNbH_oG0Q',
      verificationKey: 'EE06',
      verificationCode: 'YXiyKfiHjE4YE8b+YVMC1O5r8VtpplA3AwcCqrcG9Dk=',
      unitKey: '02900002317701' + GS + 'k3LInNbH_oG0Q',
    });
    if (scan.kind === 'marking') expect(raw.endsWith(scan.code)).toBe(true);
  });

  it('reads the shoes structure (develop-1c.ru: serial with "<" and "+", 91 EE05)', () => {
    const tail = 'A'.repeat(44) + 'b+/='.repeat(11); // the public page elides the 88-character tail
    const raw = ']d2' + '0104690257528523' + '21G+mgsHw<DiLN_' + GS + '91EE05' + GS + '92' + tail;
    expect(classifyScan(raw, config)).toMatchObject({
      kind: 'marking',
      gtin: '04690257528523',
      serial: 'G+mgsHw<DiLN_',
      verificationKey: 'EE05',
      verificationCode: tail,
    });
  });

  it('reads the dairy structure (markirovka.ru: 01, 21 of 6, GS, 93)', () => {
    const raw = ']d2' + '0112345678901231' + '215w9EJp' + GS + '93abc1';
    expect(classifyScan(raw, config)).toMatchObject({
      kind: 'marking',
      gtin: '12345678901231',
      serial: '5w9EJp',
      cryptoCode: 'abc1',
      verificationKey: undefined,
    });
  });

  it('cannot split the dairy sample as printed without its GS: 93 joins the serial', () => {
    // markirovka.ru prints it as 0112345678901231215w9EJp93abc1; without the separator the
    // serial runs to the end, which the fiscal check will reject. Kept visible here on purpose.
    expect(classifyScan(']d2' + '0112345678901231215w9EJp93abc1', config)).toMatchObject({
      kind: 'marking',
      serial: '5w9EJp93abc1',
      cryptoCode: undefined,
    });
  });

  it('refuses a courier sample whose GS were lost (serial longer than 20)', () => {
    expect(classifyScan(']d2' + courier.replaceAll(GS, ''), config)).toMatchObject({
      kind: 'unknown',
      reason: 'bad_gs1',
      detail: 'too_long(21)@18',
    });
  });

  it('reads a plain GS1 marking (GS1-128, 01+17+10+21)', () => {
    const raw = ']C1' + '0109506000134352' + '17201225' + '10ABC123' + GS + '21SN0001';
    expect(classifyScan(raw, config)).toMatchObject({
      kind: 'marking',
      scheme: 'gs1',
      gtin: '09506000134352',
      serial: 'SN0001',
      expiry: '201225',
      batch: 'ABC123',
      code: '0109506000134352' + '17201225' + '10ABC123' + GS + '21SN0001',
    });
  });

  it('reports a bad GTIN check digit inside GS1 data as bad_check_digit', () => {
    expect(classifyScan(']d2' + courier.replace('7701', '7702'), config)).toMatchObject({
      kind: 'unknown',
      reason: 'bad_check_digit',
    });
  });
});

describe('server codes', () => {
  const code = makeLinkCode([3, 1, 4, 1, 5, 9, 2, 6, 5]);

  it('reads order QR codes, with the QR identifier', () => {
    expect(classifyScan(']Q1OMNI-O:WEB-10042:x7Kq9PzA', config)).toMatchObject({
      kind: 'order',
      orderNumber: 'WEB-10042',
      pickupToken: 'x7Kq9PzA',
      symbology: { id: ']Q1' },
    });
    expect(classifyScan('OMNI-O:WEB-10042', config)).toEqual({
      raw: 'OMNI-O:WEB-10042',
      kind: 'order',
      orderNumber: 'WEB-10042',
    });
    expect(classifyScan('OMNI-O:W', config)).toMatchObject({ kind: 'unknown', reason: 'bad_order_qr' });
  });

  it('reads link codes in both forms', () => {
    expect(classifyScan(`OMNI-L:${code}`, config)).toEqual({
      raw: `OMNI-L:${code}`,
      kind: 'link',
      code,
      form: 'prefixed',
    });
    expect(classifyScan(`https://shop.example/l/${code}`, config)).toMatchObject({
      kind: 'link',
      code,
      form: 'url',
      host: 'shop.example',
    });
    expect(classifyScan('OMNI-L:0000000001', config)).toMatchObject({
      kind: 'unknown',
      reason: 'bad_link_code',
    });
  });

  it('honours formats switched off', () => {
    const off: ScanConfig = { ...config, formats: { orderQr: false, linkCode: false, linkUrl: true } };
    expect(classifyScan('OMNI-O:WEB-10042', off)).toMatchObject({
      kind: 'unknown',
      reason: 'format_disabled',
    });
    expect(classifyScan(`OMNI-L:${code}`, off)).toMatchObject({ kind: 'unknown', reason: 'format_disabled' });
    expect(classifyScan(`https://shop.example/l/${code}`, off)).toMatchObject({ kind: 'link' });
  });
});

describe('unknown scans', () => {
  it.each([
    ['', 'empty'],
    [']d2', 'empty'],
    [']', 'bad_symbology_identifier'],
    [']?0123', 'bad_symbology_identifier'],
    ['4006381333932', 'bad_check_digit'],
    [']E402345674', 'bad_check_digit'],
    ['04252615', 'bad_check_digit'],
    [']d2ABC', 'bad_gs1'],
    [']C1' + '00376123450000010008', 'no_gtin'],
    ['hello', 'unrecognized'],
    ['12345', 'unrecognized'],
    ['ъУ04006381333931', 'unrecognized'],
    ['x'.repeat(5000), 'too_long'],
  ])('%j → %s', (raw, reason) => {
    expect(classifyScan(raw, config)).toMatchObject({ raw, kind: 'unknown', reason });
  });
});
