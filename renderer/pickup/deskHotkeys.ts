import type { MessageKey } from '../app/i18n';

/**
 * The pickup desk's keys, shown in the bar like the till's and chosen by the same rule
 * (renderer/till/hotkeys.ts): function keys no keyboard-wedge scanner types, F8 left to GS.
 */
export type DeskAction = 'find' | 'code' | 'idCheck' | 'allLines' | 'toTill' | 'confirm' | 'close';

export type DeskHotkey = { readonly key: string; readonly action: DeskAction; readonly label: MessageKey };

export const DESK_HOTKEYS: readonly DeskHotkey[] = [
  { key: 'F2', action: 'find', label: 'pickup.key.find' },
  { key: 'F4', action: 'code', label: 'pickup.key.code' },
  { key: 'F6', action: 'idCheck', label: 'pickup.key.idCheck' },
  { key: 'F7', action: 'allLines', label: 'pickup.key.allLines' },
  { key: 'F9', action: 'toTill', label: 'pickup.key.toTill' },
  { key: 'F12', action: 'confirm', label: 'pickup.key.confirm' },
  { key: 'Escape', action: 'close', label: 'pickup.key.close' },
];

/** The action of a key press at the desk, or undefined; modified keys are left to the system. */
export function deskHotkeyAction(event: {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}): DeskAction | undefined {
  if (event.ctrlKey || event.altKey || event.metaKey) return undefined;
  return DESK_HOTKEYS.find((h) => h.key === event.key)?.action;
}
