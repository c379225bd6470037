import type { Page } from 'playwright-core';
import { ScannerManager } from '../../../electron/hardware/deviceManager';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import type { ScanEvent, ScannerDeviceStatus, ScannerSnapshot } from '../../../shared/ipc/scanner';
import { keyUnder, usKeyFor, type Layout } from '../../renderer/scanner/keySequences';

/**
 * The device manager with no devices opened (node-hid and serialport are loaded only on first
 * use, so never here), its statuses and scans driven by the test.
 */
export class FakeScannerFeed extends ScannerManager {
  fakeDevices: ScannerDeviceStatus[] = [];
  fakeRecent: ScanEvent[] = [];
  override snapshot(): ScannerSnapshot {
    return { devices: this.fakeDevices, recentScans: this.fakeRecent };
  }
  setStatus(status: ScannerDeviceStatus): void {
    this.fakeDevices = [...this.fakeDevices.filter((d) => d.deviceKey !== status.deviceKey), status];
    this.emit('status', status);
  }
  scan(raw: string, symbology?: string): void {
    const event: ScanEvent = {
      id: uuidv7(),
      source: 'serial',
      deviceKey: 'front',
      raw,
      symbology,
      receivedAt: new Date().toISOString(),
    };
    this.fakeRecent = [...this.fakeRecent, event].slice(-20);
    this.emit('scan', event);
  }
}

export const frontScanner = (state: ScannerDeviceStatus['state']): ScannerDeviceStatus => ({
  deviceKey: 'front',
  kind: 'serial',
  label: 'Front counter scanner',
  state,
  reason: state === 'open' ? 'opened' : 'disconnected',
  path: '/dev/ttyACM0',
  attempt: state === 'open' ? 0 : 2,
  since: new Date().toISOString(),
});

/** One key as Chrome DevTools Protocol's Input.dispatchKeyEvent takes it. */
export type WireKey = { key: string; code: string; text?: string; vk: number; modifiers: number };

const CTRL = 2;
const SHIFT = 8;
const VIRTUAL_KEYS: Record<string, number> = {
  BracketRight: 221,
  Minus: 189,
  Equal: 187,
  Slash: 191,
  Period: 190,
};
export const ENTER: WireKey = { key: 'Enter', code: 'Enter', text: '\r', vk: 13, modifiers: 0 };
/** GS as Ctrl+], the way a keyboard scanner programmed for marking codes types it (docs/scanners.md §5.1). */
export const CTRL_BRACKET: WireKey = { key: ']', code: 'BracketRight', vk: 221, modifiers: CTRL };

/** The keys a US-layout scanner presses for `text`, with `key` as the OS layout reports it. */
export function wireKeys(text: string, layout: Layout = 'us'): WireKey[] {
  return [...text].map((char) => {
    const { code, shift } = usKeyFor(char);
    const key = keyUnder(layout, code, shift);
    const vk = /^(Key|Digit)/.test(code) ? code.charCodeAt(code.length - 1) : (VIRTUAL_KEYS[code] ?? 0);
    return { key, code, text: key, vk, modifiers: shift ? SHIFT : 0 };
  });
}

/**
 * A keyboard-mode scanner: trusted key events, typed into the focused input like real keys, stamped
 * `gapMs` apart. Chromium gives DOM events the input's own timestamp, as it does the OS's for real
 * keys, so a busy test machine cannot stretch the scanner's timing.
 */
export async function scannerTypes(page: Page, keys: readonly WireKey[], gapMs = 5): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const start = Date.now() / 1000;
  await Promise.all(
    keys.flatMap((k, i) => {
      const timestamp = start + (i * gapMs) / 1000;
      const common = { key: k.key, code: k.code, windowsVirtualKeyCode: k.vk, modifiers: k.modifiers };
      return [
        cdp.send('Input.dispatchKeyEvent', {
          ...common,
          type: k.text === undefined ? 'rawKeyDown' : 'keyDown',
          text: k.text,
          unmodifiedText: k.text,
          timestamp,
        }),
        cdp.send('Input.dispatchKeyEvent', { ...common, type: 'keyUp', timestamp: timestamp + 0.001 }),
      ];
    }),
  );
  await cdp.detach();
}

/**
 * A keyboard-wedge scan of `code` then Enter, 5 ms a key by the keys' own times, as a scanner
 * types it however busy the machine running the test is (typing key by key would let a stall
 * split the code into a short scan and typed text).
 */
export function wedgeScan(page: Page, code: string): Promise<void> {
  return scannerTypes(page, [...wireKeys(code), ENTER]);
}

/** expect.poll for hooks, where vitest does not allow it. */
export async function until(ready: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`not ready within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
