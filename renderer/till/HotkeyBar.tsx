import { useT } from '../app/i18n';
import { keyCap, TILL_HOTKEYS, type TillAction } from './hotkeys';

/** The till's keys, always on screen; each is a button too, for a touch screen or a mouse. */
export function HotkeyBar({ onAction }: { onAction: (action: TillAction) => void }) {
  const t = useT();
  return (
    <nav className="hotkeys" aria-label={t('till.keys')} data-testid="hotkey-bar">
      {TILL_HOTKEYS.map((h) => (
        <button key={h.key} type="button" onClick={() => onAction(h.action)} data-action={h.action}>
          <kbd>{keyCap(h.key)}</kbd> {t(h.label)}
        </button>
      ))}
    </nav>
  );
}
