import { describe, expect, it } from 'vitest';
import { classifyScan, defaultScanConfig } from '../../../shared/barcode';
import { MAX_SCAN_LENGTH } from '../../../shared/ipc/scanner';
import { decodeScanBytes, splitAimPrefix, toScanEvent } from '../../../electron/hardware/scanEvent';

const at = new Date('2026-03-01T09:30:00.000Z');

describe('decoded frames to ScanEvents', () => {
  it('splits an in-band AIM prefix and keeps the data byte-exact', () => {
    const event = toScanEvent({ source: 'serial', deviceKey: 'com', text: ']d2010460\x1d93abc' }, at);
    expect(event).toMatchObject({
      ok: true,
      value: {
        source: 'serial',
        deviceKey: 'com',
        raw: '010460\x1d93abc',
        symbology: ']d2',
        receivedAt: '2026-03-01T09:30:00.000Z',
      },
    });
  });

  it('keeps an out-of-band AIM (HID POS) and does not split the data again', () => {
    const event = toScanEvent(
      { source: 'hid-pos', deviceKey: 'pos', text: ']E0 looks like AIM', symbology: ']Q1', codeId: 's' },
      at,
    );
    expect(event).toMatchObject({
      ok: true,
      value: { raw: ']E0 looks like AIM', symbology: ']Q1', codeId: 's' },
    });
  });

  it('leaves a malformed identifier in the data for the grammar to report', () => {
    expect(splitAimPrefix(']]x123')).toEqual({ data: ']]x123' });
    const event = toScanEvent({ source: 'serial', deviceKey: 'com', text: ']]x123' }, at);
    expect(event.ok && classifyScan(event.value.raw, defaultScanConfig).kind).toBe('unknown');
  });

  it('gives the barcode grammar what it needs: raw plus the identifier as an option', () => {
    const event = toScanEvent({ source: 'serial', deviceKey: 'com', text: ']E04601234567893' }, at);
    if (!event.ok) throw new Error(event.error.detail);
    const scan = classifyScan(event.value.raw, defaultScanConfig, { symbology: event.value.symbology });
    expect(scan.kind).toBe('product');
  });

  it('rejects empty and oversized frames as typed values', () => {
    expect(toScanEvent({ source: 'serial', deviceKey: 'com', text: ']E0' }, at)).toMatchObject({
      ok: false,
      error: { kind: 'invalid-scan' },
    });
    expect(
      toScanEvent({ source: 'serial', deviceKey: 'com', text: 'x'.repeat(MAX_SCAN_LENGTH + 1) }, at),
    ).toMatchObject({
      ok: false,
      error: { kind: 'invalid-scan' },
    });
    expect(toScanEvent({ source: 'serial', deviceKey: 'bad key!', text: '123' }, at).ok).toBe(false);
  });

  it('decodes UTF-8 and CP1251 as configured, GS untouched', () => {
    expect(decodeScanBytes(Buffer.from('Привет\x1d', 'utf8'), 'utf-8')).toBe('Привет\x1d');
    expect(decodeScanBytes(Uint8Array.of(0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2, 0x1d), 'windows-1251')).toBe(
      'Привет\x1d',
    );
  });
});
