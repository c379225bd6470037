import { uuidv7 } from '../../shared/domain/uuidv7';
import type { KeyInput } from './keyDecoder';
import type { ScanFeed } from './scanStream';
import { WedgeDetector } from './wedgeDetector';
import type { WedgeScan, WedgeVerdict } from './wedgeDetector';
import type { WedgeSettingsStore } from './wedgeSettings';

/**
 * The wedge detector on a window: keydown/keyup in the capture phase (before any component sees
 * them), timers for suffix-less scanners, and putting back what a person had in an input when a
 * scanner typed into it.
 */

type TextField = HTMLInputElement | HTMLTextAreaElement;

/** What an input held when a burst began. */
export type FieldSnapshot = {
  readonly field: TextField;
  readonly value: string;
  readonly selectionStart: number | null;
  readonly selectionEnd: number | null;
};

export type WedgeListenerOptions = {
  readonly settings: WedgeSettingsStore;
  readonly onScan: (data: string, scan: WedgeScan<FieldSnapshot>) => void;
};

function textFieldOf(target: EventTarget | null): TextField | undefined {
  if (target instanceof HTMLTextAreaElement) return target;
  if (target instanceof HTMLInputElement && target.type !== 'password') return target;
  return undefined;
}

/**
 * Password fields and anything marked `data-wedge="off"` are left alone: a password manager's
 * auto-type is as fast as a scanner and must neither be cleared nor end up in the scan log.
 */
function optedOut(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target instanceof HTMLInputElement && target.type === 'password') return true;
  return target.closest('[data-wedge="off"]') !== null;
}

function snapshotOf(target: EventTarget | null): FieldSnapshot | undefined {
  const field = textFieldOf(target);
  if (field === undefined) return undefined;
  let selectionStart: number | null = null;
  let selectionEnd: number | null = null;
  try {
    selectionStart = field.selectionStart;
    selectionEnd = field.selectionEnd;
  } catch {
    // Number and email inputs have no selection API; the value alone is restored.
  }
  return { field, value: field.value, selectionStart, selectionEnd };
}

/**
 * Puts an input back as it was. The value is set through the prototype's setter and announced with
 * an `input` event, because React keeps its own copy of a controlled input's value and would
 * otherwise put the scanned text back on its next render.
 */
export function restoreField(snapshot: FieldSnapshot): void {
  const { field } = snapshot;
  if (field.value !== snapshot.value) {
    const proto =
      field instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    const descriptor = Object.getOwnPropertyDescriptor(proto, 'value');
    if (descriptor?.set) descriptor.set.call(field, snapshot.value);
    else field.value = snapshot.value;
    field.dispatchEvent(new Event('input', { bubbles: true }));
  }
  if (snapshot.selectionStart !== null && snapshot.selectionEnd !== null) {
    try {
      field.setSelectionRange(snapshot.selectionStart, snapshot.selectionEnd);
    } catch {
      // See snapshotOf.
    }
  }
}

function keyInputOf(event: KeyboardEvent): KeyInput {
  return {
    key: event.key,
    code: event.code,
    shiftKey: event.shiftKey,
    ctrlKey: event.ctrlKey,
    altKey: event.altKey,
    metaKey: event.metaKey,
    isComposing: event.isComposing,
    repeat: event.repeat,
    timeStamp: event.timeStamp,
  };
}

/** Chromium's `navigator.scheduling.isInputPending()`, where there is one. */
function inputPending(target: Window): boolean {
  const scheduling = (target.navigator as Navigator & { scheduling?: { isInputPending?: () => boolean } })
    .scheduling;
  return scheduling?.isInputPending?.() === true;
}

/** Starts listening on `target` (the window); returns the function that stops. */
export function listenForWedgeScans(target: Window, options: WedgeListenerOptions): () => void {
  const detector = new WedgeDetector<FieldSnapshot>(options.settings.get());
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** When this page handled the last key, on the same clock as the keys' own times. */
  let handledAt = -Infinity;

  const settle = (verdict: WedgeVerdict<FieldSnapshot>, event?: Event): void => {
    if (verdict.swallow && event !== undefined) {
      event.preventDefault();
      event.stopPropagation();
    }
    if (verdict.scan !== undefined) {
      if (verdict.scan.context !== undefined) restoreField(verdict.scan.context);
      options.onScan(verdict.scan.data, verdict.scan);
    }
  };

  const arm = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const deadline = detector.deadline();
    if (deadline === undefined) return;
    // Quiet is judged from the keys' own times and also from when this page handled the last one:
    // after a stall, keys the scanner typed right after it may still be on their way to this
    // renderer (not yet pending input here), and judging by the keys' times alone would cut the scan
    // in two, the first part a scan of its own when it is long enough.
    const due = Math.max(deadline, handledAt + options.settings.get().idleMs);
    const wait = Math.max(0, due - target.performance.now()) + 1;
    timer = setTimeout(() => {
      timer = undefined;
      // Key events carry the time the OS saw them; after a stall they may still be queued while
      // this timer runs, and judging now would cut the scan in two.
      if (inputPending(target)) return void (timer = setTimeout(arm, 10));
      settle(detector.expire(target.performance.now()));
      arm();
    }, wait);
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    if (optedOut(event.target)) return;
    handledAt = target.performance.now();
    settle(detector.keydown(keyInputOf(event), snapshotOf(event.target)), event);
    arm();
  };
  const onKeyUp = (event: KeyboardEvent): void => {
    if (!optedOut(event.target)) detector.keyup(keyInputOf(event));
  };
  const unsubscribe = options.settings.subscribe(() => detector.configure(options.settings.get()));

  target.addEventListener('keydown', onKeyDown, { capture: true });
  target.addEventListener('keyup', onKeyUp, { capture: true });
  return () => {
    target.removeEventListener('keydown', onKeyDown, { capture: true });
    target.removeEventListener('keyup', onKeyUp, { capture: true });
    unsubscribe();
    if (timer !== undefined) clearTimeout(timer);
  };
}

/** The wedge as one of the scan stream's feeds. */
export function wedgeFeed(target: Window, settings: WedgeSettingsStore): ScanFeed {
  return (sink) =>
    listenForWedgeScans(target, {
      settings,
      onScan: (data) =>
        sink.scan({ id: uuidv7(), origin: 'wedge', raw: data, receivedAt: new Date().toISOString() }),
    });
}
