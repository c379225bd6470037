import { describe, expect, it } from 'vitest';
import { decimalToMinor } from '../../../server/ingest/decimalMoney';
import {
  anySecretMatches,
  bodySignature,
  checkTimestamp,
  genericSignature,
  signaturesMatch,
} from '../../../server/ingest/signatures';

describe('webhook signatures', () => {
  it('reproduces the Shopify test vector, which WooCommerce shares', () => {
    expect(bodySignature('test_secret_key', Buffer.from('{"foo": "bar"}'))).toBe(
      'B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g=',
    );
  });

  it('signs the generic format over timestamp, a dot and the body', () => {
    const body = Buffer.from('{"a":1}');
    const signature = genericSignature('s3cret-s3cret-s3cret', '1764493200', body);
    expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(genericSignature('s3cret-s3cret-s3cret', '1764493201', body)).not.toBe(signature);
  });

  it('compares whole signatures only, whatever their lengths, and accepts either secret of a rotation', () => {
    expect(signaturesMatch('abc', 'abc')).toBe(true);
    expect(signaturesMatch('abc', 'abd')).toBe(false);
    expect(signaturesMatch('', 'abc')).toBe(false);
    expect(signaturesMatch('abcd', 'abc')).toBe(false);
    const body = Buffer.from('x');
    const signedWithOld = bodySignature('old-secret', body);
    expect(anySecretMatches(['new-secret', 'old-secret'], signedWithOld, (s) => bodySignature(s, body))).toBe(
      true,
    );
    expect(anySecretMatches(['new-secret'], signedWithOld, (s) => bodySignature(s, body))).toBe(false);
  });

  it('refuses a generic timestamp more than five minutes off either way', () => {
    const now = 1_764_493_200_000;
    expect(checkTimestamp('1764493200', now).ok).toBe(true);
    expect(checkTimestamp(String(1_764_493_200 - 300), now).ok).toBe(true);
    expect(checkTimestamp(String(1_764_493_200 - 301), now).ok).toBe(false);
    expect(checkTimestamp(String(1_764_493_200 + 301), now).ok).toBe(false);
    expect(checkTimestamp(undefined, now).ok).toBe(false);
    expect(checkTimestamp('12.5', now).ok).toBe(false);
  });
});

describe('decimal money from shops', () => {
  it('reads decimal strings digit by digit into minor units, never through a float', () => {
    expect(decimalToMinor('199.00', 'RUB')).toBe(19900);
    expect(decimalToMinor('0.29', 'USD')).toBe(29);
    expect(decimalToMinor('12.5', 'RUB')).toBe(1250);
    expect(decimalToMinor(21.99, 'RUB')).toBe(2199);
    expect(decimalToMinor('1200', 'JPY')).toBe(1200);
    expect(decimalToMinor('1.005', 'EUR')).toBe(101);
    expect(decimalToMinor('-1.00', 'RUB')).toBeNull();
    expect(decimalToMinor('1e3', 'RUB')).toBeNull();
    expect(decimalToMinor(null, 'RUB')).toBeNull();
  });
});
