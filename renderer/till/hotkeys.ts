import type { MessageKey } from '../app/i18n';

/**
 * The till's keys for a cashier's frequent actions, shown in the bar under the sale. Function keys,
 * as on POS keyboards, chosen so none is one a keyboard-wedge scanner types: F8 stands for GS by
 * default (docs/scanners.md §5.1), Enter and Tab end scans, and printable keys are scan data.
 * F5 (reload), F11 (full screen) and F10 (the menu bar on Windows) keep their browser meaning.
 */
export type TillAction = 'search' | 'card' | 'quantity' | 'void' | 'hold' | 'recall' | 'pay' | 'cancel';

export type Hotkey = { readonly key: string; readonly action: TillAction; readonly label: MessageKey };

export const TILL_HOTKEYS: readonly Hotkey[] = [
  { key: 'F2', action: 'search', label: 'keys.search' },
  { key: 'F3', action: 'card', label: 'keys.card' },
  { key: 'F4', action: 'quantity', label: 'keys.quantity' },
  { key: 'F6', action: 'void', label: 'keys.void' },
  { key: 'F7', action: 'hold', label: 'keys.hold' },
  { key: 'F9', action: 'recall', label: 'keys.recall' },
  { key: 'F12', action: 'pay', label: 'keys.pay' },
  { key: 'Escape', action: 'cancel', label: 'keys.cancel' },
];

/** The action of a key press, or undefined; modified keys (Ctrl+F4…) are left to the system. */
export function hotkeyAction(event: {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}): TillAction | undefined {
  if (event.ctrlKey || event.altKey || event.metaKey) return undefined;
  return TILL_HOTKEYS.find((h) => h.key === event.key)?.action;
}

/** `Esc` and `Ins` read better than `Escape` and `Insert` on a key cap. */
export function keyCap(key: string): string {
  return key === 'Escape' ? 'Esc' : key === 'Insert' ? 'Ins' : key;
}
