import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventEmitter } from 'node:events';
import type { ScanEvent } from '../../../shared/ipc/scanner';
import { createKeyboardReportDecoder } from '../../../electron/hardware/keyboardReports';
import type { DriverLoss, DriverProblem } from '../../../electron/hardware/scanDrivers';
import { attachHidKeyboardDriver } from '../../../electron/hardware/scanDrivers';

/** What a US-layout keyboard-mode scanner sends per character: a press report, then a release. */
const SHIFTED = '!@#$%^&*()';
const PUNCT: Record<string, [number, boolean]> = {
  ' ': [0x2c, false],
  '-': [0x2d, false],
  _: [0x2d, true],
  '=': [0x2e, false],
  '+': [0x2e, true],
  '[': [0x2f, false],
  ']': [0x30, false],
  '}': [0x30, true],
  ';': [0x33, false],
  ':': [0x33, true],
  "'": [0x34, false],
  '"': [0x34, true],
  ',': [0x36, false],
  '<': [0x36, true],
  '.': [0x37, false],
  '>': [0x37, true],
  '/': [0x38, false],
  '?': [0x38, true],
};

function keyFor(char: string): [number, boolean] {
  if (/[a-z]/.test(char)) return [0x04 + char.charCodeAt(0) - 0x61, false];
  if (/[A-Z]/.test(char)) return [0x04 + char.charCodeAt(0) - 0x41, true];
  if (/[1-9]/.test(char)) return [0x1e + Number(char) - 1, false];
  if (char === '0') return [0x27, false];
  if (SHIFTED.includes(char)) return [0x1e + SHIFTED.indexOf(char), true];
  const punct = PUNCT[char];
  if (!punct) throw new Error(`no key for ${JSON.stringify(char)}`);
  return punct;
}

const release = (): Buffer => Buffer.alloc(8);
const press = (modifiers: number, ...keys: number[]): Buffer =>
  Buffer.from([modifiers, 0, ...keys, 0, 0, 0, 0, 0, 0].slice(0, 8));

function typeText(text: string): Buffer[] {
  return [...text].flatMap((char) => {
    const [usage, shift] = keyFor(char);
    return [press(shift ? 0x02 : 0x00, usage), release()];
  });
}

const ENTER = [press(0, 0x28), release()];
const TAB = [press(0, 0x2b), release()];

function decodeAll(reports: Buffer[]): string {
  const decoder = createKeyboardReportDecoder('windows-1251');
  const bytes: number[] = [];
  for (const report of reports) {
    const typed = decoder.push(report);
    if (!typed.ok) throw new Error(typed.error.detail);
    bytes.push(...typed.value);
  }
  return Buffer.from(bytes).toString('utf8');
}

class FakeKeyboard extends EventEmitter {
  closed = false;
  close(): void {
    this.closed = true;
  }
  send(reports: Buffer[]): void {
    for (const report of reports) this.emit('data', report);
  }
}

function driver(suffix: 'enter' | 'tab' | 'none', idleTimeoutMs = 100) {
  const device = new FakeKeyboard();
  const scans: ScanEvent[] = [];
  const problems: DriverProblem[] = [];
  const losses: DriverLoss[] = [];
  const attached = attachHidKeyboardDriver(
    device,
    { key: 'kbd', suffix, idleTimeoutMs, encoding: 'windows-1251' },
    { scan: (e) => scans.push(e), problem: (p) => problems.push(p), lost: (l) => losses.push(l) },
  );
  return { device, scans, problems, losses, attached };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('boot keyboard reports to text (docs/scanners.md §5.1)', () => {
  it('types digits, letters, shifted letters and punctuation on the US layout', () => {
    expect(decodeAll(typeText('4601234567893'))).toBe('4601234567893');
    expect(decodeAll(typeText(']E0CARD-00123'))).toBe(']E0CARD-00123');
    expect(decodeAll(typeText('k3LInNbH_oG0Q+/=<>'))).toBe('k3LInNbH_oG0Q+/=<>');
  });

  it('turns Enter, keypad Enter and Tab into CR, CR and TAB', () => {
    expect(decodeAll([...typeText('1'), ...ENTER, press(0, 0x58), release(), ...TAB])).toBe('1\r\r\t');
  });

  it('types GS from Ctrl+] (report 01 00 30 …) and from the F8 substitute', () => {
    expect(decodeAll([press(0x01, 0x30), release()])).toBe('\x1d');
    expect(decodeAll([press(0x10, 0x30), release()])).toBe('\x1d'); // right Ctrl
    expect(decodeAll([press(0, 0x41), release()])).toBe('\x1d');
  });

  it('decodes the Alt+numpad capture from unix.stackexchange 392654 to "SIP-4-1\\r"', () => {
    const capture = [
      [0x04, 0, 0x62, 0x60, 0x5b],
      [0], // Alt + KP0 KP8 KP3 = 083 'S'
      [0x04, 0, 0x62, 0x5f, 0x5b],
      [0], // 'I'
      [0x04, 0, 0x62, 0x60, 0x62],
      [0], // 'P'
      [0x04, 0, 0x62, 0x5c, 0x5d],
      [0], // '-'
      [0x04, 0, 0x62, 0x5d, 0x5a],
      [0], // '4'
      [0x04, 0, 0x62, 0x5c, 0x5d],
      [0], // '-'
      [0x04, 0, 0x62, 0x5c, 0x61],
      [0], // '1'
      [0x00, 0, 0x28],
      [0], // Enter
    ].map((bytes) => Buffer.from([...bytes, 0, 0, 0, 0, 0, 0, 0, 0].slice(0, 8)));
    expect(decodeAll(capture)).toBe('SIP-4-1\r');
  });

  it('reads Alt+numpad 029 as GS and codes above 127 in the configured code page', () => {
    // keypad 0 (0x62), 2 (0x5a), 9 (0x61) while Alt is held, then release
    expect(decodeAll([press(0x04, 0x62, 0x5a, 0x61), release()])).toBe('\x1d');
    // 0207 in CP1251 is 'П'
    expect(decodeAll([press(0x04, 0x62, 0x5a, 0x62, 0x5f), release()])).toBe('П');
  });

  it('types a key once while it is held and again after a release', () => {
    const one = press(0, 0x1e);
    expect(decodeAll([one, one, release(), one, release()])).toBe('11');
  });

  it('ignores phantom (ErrorRollOver) reports and accepts 9-byte reports with a Report ID', () => {
    expect(decodeAll([press(0, 0x01, 0x01, 0x01), release()])).toBe('');
    const withId = Buffer.concat([Buffer.from([0x01]), press(0x02, 0x04)]);
    expect(decodeAll([withId, Buffer.alloc(9)])).toBe('A');
  });

  it('refuses reports that are not keyboard reports', () => {
    const decoder = createKeyboardReportDecoder('utf-8');
    expect(decoder.push(Buffer.alloc(64))).toMatchObject({
      ok: false,
      error: { kind: 'bad-report' },
    });
    expect(decoder.push('hello')).toMatchObject({
      ok: false,
      error: { kind: 'bad-report' },
    });
  });
});

describe('keyboard-mode driver', () => {
  it('frames scans on the Enter suffix, with the AIM prefix split off', () => {
    const { device, scans } = driver('enter');
    device.send([...typeText(']E04601234567893'), ...ENTER, ...typeText('CARD-00123'), ...ENTER]);
    expect(scans.map((s) => [s.raw, s.symbology, s.source])).toEqual([
      ['4601234567893', ']E0', 'hid-keyboard'],
      ['CARD-00123', undefined, 'hid-keyboard'],
    ]);
  });

  it('keeps GS typed as Ctrl+] inside a marking code', () => {
    const { device, scans } = driver('enter');
    device.send([
      ...typeText('0104600000000003215abc'),
      press(0x01, 0x30),
      release(),
      ...typeText('93dGVz'),
      ...ENTER,
    ]);
    expect(scans[0]?.raw).toBe('0104600000000003215abc\x1d93dGVz');
  });

  it('frames on Tab when the scanner is set to a Tab suffix', () => {
    const { device, scans } = driver('tab');
    device.send([...typeText('123456'), ...TAB]);
    expect(scans[0]?.raw).toBe('123456');
  });

  it('frames on the idle gap when the scanner sends no suffix', () => {
    vi.useFakeTimers();
    const { device, scans } = driver('none', 80);
    device.send(typeText('4601234567893'));
    expect(scans).toHaveLength(0);
    vi.advanceTimersByTime(100);
    expect(scans[0]?.raw).toBe('4601234567893');
  });

  it('reports a read error as a loss once and closes the device', async () => {
    const { device, losses, attached, scans } = driver('enter');
    device.emit('error', new Error('could not read from HID device'));
    device.send([...typeText('1'), ...ENTER]);
    expect(losses).toEqual([{ reason: 'read-error', detail: 'could not read from HID device' }]);
    expect(scans).toHaveLength(0);
    await attached.close();
    expect(device.closed).toBe(true);
  });
});
