import { useT } from '../app/i18n';
import { keyCap, TILL_HOTKEYS, type AppAction, type AppHotkey, type TillAction } from './hotkeys';

type Props = {
  onAction: (action: TillAction) => void;
  /** Shift+key actions (other screens, the shift) that apply now. */
  appKeys: readonly AppHotkey[];
  onAppAction?: ((action: AppAction) => void) | undefined;
};

/** The till's keys, always on screen; each is a button too, for a touch screen or a mouse. */
export function HotkeyBar({ onAction, appKeys, onAppAction }: Props) {
  const t = useT();
  return (
    <nav className="hotkeys" aria-label={t('till.keys')} data-testid="hotkey-bar">
      {TILL_HOTKEYS.map((h) => (
        <button key={h.key} type="button" onClick={() => onAction(h.action)} data-action={h.action}>
          <kbd>{keyCap(h.key)}</kbd> {t(h.label)}
        </button>
      ))}
      {onAppAction &&
        appKeys.map((h) => (
          <button
            key={`shift-${h.key}`}
            type="button"
            className="app-key"
            onClick={() => onAppAction(h.action)}
            data-action={h.action}
          >
            <kbd>⇧{keyCap(h.key)}</kbd> {t(h.label)}
          </button>
        ))}
    </nav>
  );
}
