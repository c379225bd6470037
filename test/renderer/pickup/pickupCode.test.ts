import { describe, expect, it } from 'vitest';
import { normalizePickupCode, verifyPickupCode } from '../../../renderer/pickup/pickupCode';
import { codeHash } from './support';

describe('checking a pickup code at the desk, offline', () => {
  it('accepts the code however the customer reads it out, and nothing else', async () => {
    const stored = await codeHash('048213');
    expect(await verifyPickupCode('048213', stored)).toBe(true);
    expect(await verifyPickupCode(' 048 213 ', stored)).toBe(true);
    expect(await verifyPickupCode('048-213', stored)).toBe(true);
    expect(await verifyPickupCode('048214', stored)).toBe(false);
    expect(await verifyPickupCode('48213', stored)).toBe(false);
    expect(await verifyPickupCode('', stored)).toBe(false);
  });

  it('reads only letters and digits into a code', () => {
    expect(normalizePickupCode('ab 12-cd')).toBe('AB12CD');
    expect(normalizePickupCode('12')).toBe('');
    expect(normalizePickupCode('1234;')).toBe('');
  });
});
