import type { MessageKey } from '../app/i18n';

/**
 * The till's keys for a cashier's frequent actions, shown in the bar under the sale. Function keys,
 * as on POS keyboards, chosen so none is one a keyboard-wedge scanner types: F8 stands for GS by
 * default (docs/scanners.md §5.1), Enter and Tab end scans, and printable keys are scan data.
 * F5 (reload), F11 (full screen) and F10 (the menu bar on Windows) keep their browser meaning.
 * Insert ("a new one") issues a card. The shift's and the store's actions, needed a few times a
 * shift, are the same function keys with Shift, so a whole shift runs without a mouse
 * (docs/operations.md §12).
 */
export type TillAction =
  'search' | 'card' | 'quantity' | 'void' | 'hold' | 'recall' | 'pay' | 'cancel' | 'issueCard';

/** Actions outside the sale: other screens and the shift. They work on every screen. */
export type AppAction = 'sales' | 'cashIn' | 'cashOut' | 'xReport' | 'zReport' | 'print' | 'signOut';

export type Hotkey = { readonly key: string; readonly action: TillAction; readonly label: MessageKey };
export type AppHotkey = { readonly key: string; readonly action: AppAction; readonly label: MessageKey };

export const TILL_HOTKEYS: readonly Hotkey[] = [
  { key: 'F2', action: 'search', label: 'keys.search' },
  { key: 'F3', action: 'card', label: 'keys.card' },
  { key: 'F4', action: 'quantity', label: 'keys.quantity' },
  { key: 'F6', action: 'void', label: 'keys.void' },
  { key: 'F7', action: 'hold', label: 'keys.hold' },
  { key: 'F9', action: 'recall', label: 'keys.recall' },
  { key: 'F12', action: 'pay', label: 'keys.pay' },
  { key: 'Insert', action: 'issueCard', label: 'keys.issueCard' },
  { key: 'Escape', action: 'cancel', label: 'keys.cancel' },
];

/** Pressed with Shift. Shift+F5 (reload) and Shift+F10 (context menu) are left alone. */
export const APP_HOTKEYS: readonly AppHotkey[] = [
  { key: 'F2', action: 'sales', label: 'keys.sales' },
  { key: 'F3', action: 'cashIn', label: 'keys.cashIn' },
  { key: 'F4', action: 'cashOut', label: 'keys.cashOut' },
  { key: 'F6', action: 'xReport', label: 'keys.xReport' },
  { key: 'F7', action: 'print', label: 'keys.print' },
  { key: 'F9', action: 'signOut', label: 'keys.signOut' },
  { key: 'F12', action: 'zReport', label: 'keys.zReport' },
];

type KeyPress = { key: string; ctrlKey: boolean; altKey: boolean; metaKey: boolean; shiftKey?: boolean };

/** The action of a key press, or undefined; modified keys (Ctrl+F4…) are left to the system. */
export function hotkeyAction(event: KeyPress): TillAction | undefined {
  if (event.ctrlKey || event.altKey || event.metaKey || event.shiftKey === true) return undefined;
  return TILL_HOTKEYS.find((h) => h.key === event.key)?.action;
}

/** The screen or shift action of a Shift+key press, or undefined. */
export function appHotkeyAction(event: KeyPress): AppAction | undefined {
  if (event.ctrlKey || event.altKey || event.metaKey || event.shiftKey !== true) return undefined;
  return APP_HOTKEYS.find((h) => h.key === event.key)?.action;
}

/** `Esc` and `Ins` read better than `Escape` and `Insert` on a key cap. */
export function keyCap(key: string): string {
  return key === 'Escape' ? 'Esc' : key === 'Insert' ? 'Ins' : key;
}
