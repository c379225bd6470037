import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KeyInput } from '../../../renderer/scanner/keyDecoder';
import { listenForWedgeScans } from '../../../renderer/scanner/wedgeListener';
import type { WedgeSettingsStore } from '../../../renderer/scanner/wedgeSettings';
import { createWedgeSettingsStore } from '../../../renderer/scanner/wedgeSettings';
import { demoCardNumber } from '../../../server/seed/demoData';
import { enter, lastTime, typeText } from './keySequences';

const CARD = demoCardNumber(1);

/**
 * Dispatches keydown/keyup as a browser would and, like a browser, types printable keys into a
 * focused input unless the keydown was cancelled. `timeStamp` is set per event so timing is exact.
 */
function press(target: EventTarget, input: KeyInput): KeyboardEvent {
  const init = { ...input, bubbles: true, cancelable: true };
  const down = new KeyboardEvent('keydown', init);
  Object.defineProperty(down, 'timeStamp', { value: input.timeStamp });
  target.dispatchEvent(down);
  if (
    !down.defaultPrevented &&
    input.key.length === 1 &&
    !input.ctrlKey &&
    target instanceof HTMLInputElement
  ) {
    target.value += input.key;
    target.dispatchEvent(new Event('input', { bubbles: true }));
  }
  const up = new KeyboardEvent('keyup', init);
  Object.defineProperty(up, 'timeStamp', { value: input.timeStamp });
  target.dispatchEvent(up);
  return down;
}

let settings: WedgeSettingsStore;
let scans: string[];
let stop: () => void;
let field: HTMLInputElement;

beforeEach(() => {
  localStorage.clear();
  settings = createWedgeSettingsStore(localStorage);
  scans = [];
  stop = listenForWedgeScans(window, { settings, onScan: (data) => scans.push(data) });
  field = document.createElement('input');
  document.body.append(field);
  field.focus();
});

afterEach(() => {
  stop();
  document.body.replaceChildren();
});

describe('the wedge listener on a window', () => {
  it('takes a scan typed into an input and puts back what the person had typed', () => {
    const inputs: string[] = [];
    field.addEventListener('input', () => inputs.push(field.value));
    for (const k of typeText('ab', 0, 200)) press(field, k);
    field.setSelectionRange(1, 1);
    const keys = typeText(CARD, 1000, 5);
    for (const k of keys) press(field, k);
    expect(field.value).toBe(`ab${CARD}`);
    const submit = vi.fn();
    field.addEventListener('keydown', submit);
    const suffix = press(field, enter(1000 + 13 * 5));
    expect(scans).toEqual([CARD]);
    expect(field.value).toBe('ab');
    expect(field.selectionStart).toBe(1);
    expect(inputs.at(-1)).toBe('ab');
    // The Enter that ended the scan never reaches the page: no form submits, no button clicks.
    expect(suffix.defaultPrevented).toBe(true);
    expect(submit).not.toHaveBeenCalled();
  });

  it('leaves a person’s typing and Enter alone', () => {
    const keys = typeText(CARD, 0, 110);
    for (const k of keys) press(field, k);
    const suffix = press(field, enter(13 * 110));
    expect(scans).toEqual([]);
    expect(field.value).toBe(CARD);
    expect(suffix.defaultPrevented).toBe(false);
  });

  it('reads a Russian layout by physical key', () => {
    for (const k of typeText(']E04601234567893', 0, 4, 'ru')) press(document.body, k);
    press(document.body, enter(70));
    expect(scans).toEqual([']E04601234567893']);
  });

  it('never touches password fields or opted-out parts of the page', () => {
    const password = document.createElement('input');
    password.type = 'password';
    const optOut = document.createElement('div');
    optOut.dataset['wedge'] = 'off';
    const inner = document.createElement('input');
    optOut.append(inner);
    document.body.append(password, optOut);
    for (const target of [password, inner]) {
      for (const k of typeText(CARD, 0, 3)) press(target, k);
      expect(press(target, enter(50)).defaultPrevented).toBe(false);
      expect(target.value).toBe(CARD);
    }
    expect(scans).toEqual([]);
  });

  it('ends a suffix-less scan on its own after the idle time', async () => {
    const start = window.performance.now();
    for (const k of typeText(CARD, start, 0)) press(document.body, k);
    expect(scans).toEqual([]);
    await vi.waitFor(() => expect(scans).toEqual([CARD]), { timeout: 2000, interval: 20 });
  });

  it('keeps a scan whole when its keys reach a stalled page late, some now and the rest a moment later', async () => {
    // The scanner typed the card half a second ago, 5 ms a key; the page was busy and handles the
    // first six keys now and the others 40 ms later, when the burst looks long idle by the keys'
    // own times. Judging it then would make a scan of the first six keys and another of the rest.
    const typedAt = window.performance.now() - 500;
    const keys = typeText(CARD, typedAt, 5);
    for (const k of keys.slice(0, 6)) press(field, k);
    await new Promise((r) => setTimeout(r, 40));
    for (const k of keys.slice(6)) press(field, k);
    press(field, enter(lastTime(keys) + 5));
    expect(scans).toEqual([CARD]);
    expect(field.value).toBe('');
  });

  it('follows saved settings at once and stops listening when asked', () => {
    settings.save({ ...settings.get(), minLength: 20 });
    for (const k of typeText(CARD, 0, 3)) press(document.body, k);
    press(document.body, enter(50));
    expect(scans).toEqual([]);
    settings.reset();
    stop();
    for (const k of typeText(CARD, 100, 3)) press(document.body, k);
    press(document.body, enter(150));
    expect(scans).toEqual([]);
  });
});
