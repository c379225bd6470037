import { setLang } from '../app/i18n';
import { useHqT } from './hqI18n';

/** Switches HQ between English and Russian, as the till's status bar does; the choice is kept. */
export function LangSwitch() {
  const t = useHqT();
  const other = t.lang === 'ru' ? 'en' : 'ru';
  return (
    <button
      type="button"
      className="link lang-switch"
      lang={other}
      aria-label={`${t('hq.lang')}: ${other === 'ru' ? 'русский' : 'English'}`}
      data-testid="hq-lang"
      onClick={() => setLang(other)}
    >
      {other.toUpperCase()}
    </button>
  );
}
